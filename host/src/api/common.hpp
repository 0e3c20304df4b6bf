// Small pieces shared by the management API handlers.
#pragma once

#include "app/context.hpp"
#include "billing/ledger.hpp"
#include "store/entities.hpp"

#include <cstdint>
#include <string>

namespace gw::http {
struct HttpRequest;
}

namespace gw::api {

int64_t now_seconds();
// Where users reach the console: ServerAddress, else the origin this request came to.
std::string console_origin(const AppContext& ctx, const http::HttpRequest& req);
// New API's quota text for logs: "＄0.002000 额度" in currency display, else "1000 点额度".
std::string format_quota(const AppContext& ctx, int64_t quota);
// Writes a log row (1 top-up, 3 manage, 4 system, ...) for a user.
void write_log(AppContext& ctx, int type, const store::User& user, const std::string& content, int64_t quota = 0);
// A balance changed outside the relay (top-up, admin edit): the nodes' shared counters follow.
// An id of 0 is skipped; a token whose limit was switched on or off loses its counter instead.
void quota_changed(const AppContext& ctx, int64_t user_id, int64_t token_id, int64_t delta);
void token_limit_switched(const AppContext& ctx, int64_t token_id);

// Balance rows read by `read`, current: with the charges the ledger has not yet written.
template <class Read>
auto current(const AppContext& ctx, Read&& read) {
    return ctx.ledger ? ctx.ledger->current(std::forward<Read>(read)) : read();
}

}  // namespace gw::api
