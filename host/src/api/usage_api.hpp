// What a key-holder can ask about their key: GET /api/usage/token, and OpenAI's legacy
// /v1/dashboard/billing/subscription and /usage (also without /v1), so key-usage tools work.
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::api {

void register_usage_api(http::Router& router, AppContext& ctx);

}  // namespace gw::api
