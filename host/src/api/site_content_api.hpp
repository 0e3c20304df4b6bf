// New API's small site routes: the pages an operator writes (user agreement, privacy policy,
// about, home page), the self-test, the group list, the ratio reset and exposure, and the
// uptime panel.
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::api {

void register_site_content_api(http::Router& router, AppContext& ctx);

}  // namespace gw::api
