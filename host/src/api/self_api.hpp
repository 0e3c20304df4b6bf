// What a signed-in user does to their own account: /api/user/self, /token, /groups, /models,
// /aff, and redeeming a code with POST /api/user/topup.
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::api {

void register_self_api(http::Router& router, AppContext& ctx);

}  // namespace gw::api
