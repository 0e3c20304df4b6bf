// Request limits: New API's per-user model request limit (ModelRequestRateLimit*: all requests
// and successful ones per window, per group overrides), counted on the nodes' shared windows
// (Redis) when there are some and on this node's memory otherwise (or while Redis is away);
// beyond it, kept per node, per-token limits (TokenRateLimitRPM, TokenRateLimitTPM, TokenConcurrencyLimit)
// and per-channel concurrency caps (a channel's setting max_concurrency: a full channel is
// skipped for the next one).
#pragma once

#include "relay/openai_error.hpp"

#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

namespace gw {
class Options;
class SharedWindows;
}  // namespace gw

namespace gw::relay {

struct KeyAuth;

class RateLimits {
public:
    void share(SharedWindows* shared) { shared_ = shared; }  // before serving

    // Checks every limit for a new request and, when it passes, counts it (a concurrency slot is
    // taken until ended()).
    std::optional<RelayError> admit(const Options& o, const KeyAuth& a);
    // The answer is complete: the token's concurrency slot frees at once.
    void ended(int64_t token_id);
    // Settled: a success counts for the user's limit, `tokens` for the token's TPM window.
    void settled(int64_t user_id, int64_t token_id, bool success, int64_t tokens);

    // Channels at their concurrency cap are added to `out`.
    void add_full_channels(std::set<int64_t>& out);
    // Takes a slot on a capped channel; false (nothing taken) when it is full.
    bool try_channel(int64_t channel_id, int cap);
    void channel_ended(int64_t channel_id);

private:
    using Clock = std::chrono::steady_clock;
    struct Window {
        std::deque<std::pair<Clock::time_point, int64_t>> events;
        int64_t sum(Clock::time_point since);
    };
    struct Settings {
        bool user_limit = false;
        int64_t minutes = 1, rpm = 0, tpm = 0;
        int concurrency = 0;
        std::map<std::string, std::pair<int64_t, int64_t>> groups;  // ModelRequestRateLimitGroup
        int64_t total = 0, success = 0;
    };
    const Settings& settings(const Options& o);
    struct UserLimit {
        int64_t minutes = 1, total = 0, success = 0;
    };
    static std::optional<UserLimit> user_limit(const Settings& st, const std::string& group);
    // nullopt: under the limit (counted on the shared windows, or `counted` left false when they
    // are unreachable).
    std::optional<RelayError> shared_user_check(const UserLimit& l, int64_t user, bool& counted);
    std::optional<RelayError> local_user_check(const UserLimit& l, int64_t user, Clock::time_point now);

    SharedWindows* shared_ = nullptr;
    std::mutex mutex_;
    std::shared_ptr<const std::map<std::string, std::string>> settings_from_;  // held: no address reuse
    Settings settings_;
    std::atomic<int> capped_channels_{0};  // channels with a concurrency cap in flight
    std::unordered_map<int64_t, Window> user_all_, user_ok_, token_requests_, token_tokens_;
    std::unordered_map<int64_t, int> token_running_;
    std::unordered_map<int64_t, std::pair<int, int>> channel_running_;  // id -> (running, cap)
};

}  // namespace gw::relay
