// GET /api/status: the public site configuration the web UI starts from.
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::api {

void register_status_api(http::Router& router, AppContext& ctx);

}  // namespace gw::api
