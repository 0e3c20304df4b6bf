// First run: GET/POST /api/setup creates the root user once.
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::api {

void register_setup_api(http::Router& router, AppContext& ctx);

}  // namespace gw::api
