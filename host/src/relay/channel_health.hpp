// Channel health: New API's automatic disabling (status codes, error keywords, the plugin's
// verdict; per key on multi-key channels) and, beyond it, a circuit breaker: a channel that fails
// ChannelBreakerFailures times within ChannelBreakerWindowSeconds is skipped for
// ChannelBreakerCooldownSeconds, then let through again (half-open); one more failure reopens it,
// a success closes it. The breaker is in memory and per node.
#pragma once

#include "store/entities.hpp"

#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>

namespace gw {
class ThreadPool;
namespace store {
class Database;
class Cache;
}  // namespace store
}  // namespace gw

namespace gw::relay {

class ChannelHealth {
public:
    ChannelHealth(store::Database& db, store::Cache& cache, ThreadPool& workers)
        : db_(db), cache_(cache), workers_(workers) {}

    // A failed attempt (status 0: no HTTP answer). `flags` are the plugin's GW_ERRF_* verdict.
    void failed(const store::Channel& c, int key_index, int status, const std::string& message, unsigned flags);
    void succeeded(int64_t channel_id);
    // Adds the channels whose breaker is open now.
    void add_blocked(std::set<int64_t>& out);

    // New API's rule: AutomaticDisableChannelEnabled, the channel's auto_ban, and the status in
    // AutomaticDisableStatusCodes or a keyword of AutomaticDisableKeywords in the message.
    bool should_disable(const store::Channel& c, int status, const std::string& message, unsigned flags) const;
    // Persists a status (1 enabled, 2 manual, 3 automatic) for the channel or one of its keys,
    // with the reason and time, and reloads the channel snapshot. Blocking: database I/O.
    void set_status(int64_t channel_id, int key_index, int status, const std::string& reason);

private:
    using Clock = std::chrono::steady_clock;
    struct Breaker {
        std::deque<Clock::time_point> failures;
        Clock::time_point open_until{};
    };
    void trip(int64_t channel_id);

    store::Database& db_;
    store::Cache& cache_;
    ThreadPool& workers_;
    std::mutex mutex_;
    std::unordered_map<int64_t, Breaker> breakers_;
    std::atomic<size_t> tracked_{0};  // breakers_.size(), read without the lock
};

// "401,403,500-599" → whether `status` is listed.
bool status_listed(const std::string& ranges, int status);

}  // namespace gw::relay
