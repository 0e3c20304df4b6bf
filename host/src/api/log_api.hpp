// Logs and usage data: /api/log/ (admin) and /api/log/self with filters and pages, their /stat,
// DELETE /api/log/?target_timestamp=, and /api/data/ (admin) and /api/data/self from quota_data.
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::api {

void register_log_api(http::Router& router, AppContext& ctx);

}  // namespace gw::api
