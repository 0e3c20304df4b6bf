// Redemption codes (admin): list, search, get, batch create, update, delete, delete invalid.
// Users redeem with POST /api/user/topup (self_api).
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::api {

void register_redemption_api(http::Router& router, AppContext& ctx);

}  // namespace gw::api
