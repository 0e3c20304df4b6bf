// Log in, log out and register: POST /api/user/login, GET /api/user/logout, POST /api/user/register.
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::api {

void register_session_api(http::Router& router, AppContext& ctx);

}  // namespace gw::api
