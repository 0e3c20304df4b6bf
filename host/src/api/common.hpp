// Small pieces shared by the management API handlers.
#pragma once

#include "app/context.hpp"
#include "store/entities.hpp"

#include <cstdint>
#include <string>

namespace gw::api {

int64_t now_seconds();
// New API's quota text for logs: "＄0.002000 额度" in currency display, else "1000 点额度".
std::string format_quota(const AppContext& ctx, int64_t quota);
// Writes a log row (1 top-up, 3 manage, 4 system, ...) for a user.
void write_log(AppContext& ctx, int type, const store::User& user, const std::string& content, int64_t quota = 0);

}  // namespace gw::api
