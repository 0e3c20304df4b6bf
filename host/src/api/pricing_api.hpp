// GET /api/pricing: the model square. Every model an enabled channel serves, with its price and
// the groups that can use it (New API's shape).
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::api {

void register_pricing_api(http::Router& router, AppContext& ctx);

}  // namespace gw::api
