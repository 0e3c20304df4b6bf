// Runtime options (root): GET /api/option/ lists them with secrets hidden; PUT /api/option/
// validates and saves one. The writing node sees the change at once, others within SYNC_FREQUENCY.
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

#include <string>

namespace gw::api {

void register_option_api(http::Router& router, AppContext& ctx);
// Why value is not acceptable for key, or empty when it is (exposed for tests).
std::string validate_option(const std::string& key, const std::string& value);

}  // namespace gw::api
