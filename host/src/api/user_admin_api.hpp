// Users managed by admins: /api/user/ list, search, get, create, update, delete, and
// POST /api/user/manage. Admins never act on users of equal or higher role; root may.
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::api {

void register_user_admin_api(http::Router& router, AppContext& ctx);

}  // namespace gw::api
