// /api/prefill_group: New API's reusable model, tag and endpoint lists for the console's pickers
// (admin only).
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::api {

void register_prefill_group_api(http::Router& router, AppContext& ctx);

}  // namespace gw::api
