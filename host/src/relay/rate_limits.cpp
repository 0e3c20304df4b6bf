#include "relay/rate_limits.hpp"

#include "app/option_defaults.hpp"
#include "common/json_bounded.hpp"
#include "common/shared_windows.hpp"
#include "relay/key_auth.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>

namespace gw::relay {

namespace {

RelayError too_many(const std::string& message) {
    return RelayError{429, message, "new_api_error", "rate_limit_exceeded"};
}

// ModelRequestRateLimitGroup: {"group": [total, success]} overrides the global counts.
std::map<std::string, std::pair<int64_t, int64_t>> parse_group_limits(const std::string& text) {
    std::map<std::string, std::pair<int64_t, int64_t>> out;
    auto groups = parse_json(text);
    if (!groups.is_object()) return out;
    for (const auto& [group, v] : groups.items())
        if (v.is_array() && v.size() == 2 && v[0].is_number() && v[1].is_number())
            out[group] = {v[0].get<int64_t>(), v[1].get<int64_t>()};
    return out;
}

}  // namespace

int64_t RateLimits::Window::sum(Clock::time_point since) {
    while (!events.empty() && events.front().first < since) events.pop_front();
    int64_t total = 0;
    for (const auto& [t, n] : events) total += n;
    return total;
}

// Re-read only when the options snapshot changes (called under the mutex).
const RateLimits::Settings& RateLimits::settings(const Options& o) {
    const auto& from = o.snapshot();
    if (from == settings_from_) return settings_;
    Settings s;
    s.user_limit = o.flag("ModelRequestRateLimitEnabled");
    s.minutes = std::max<int64_t>(1, static_cast<int64_t>(o.number("ModelRequestRateLimitDurationMinutes")));
    s.total = static_cast<int64_t>(o.number("ModelRequestRateLimitCount"));
    s.success = static_cast<int64_t>(o.number("ModelRequestRateLimitSuccessCount"));
    s.groups = parse_group_limits(o.str("ModelRequestRateLimitGroup"));
    s.rpm = static_cast<int64_t>(o.number("TokenRateLimitRPM"));
    s.tpm = static_cast<int64_t>(o.number("TokenRateLimitTPM"));
    s.concurrency = static_cast<int>(o.number("TokenConcurrencyLimit"));
    settings_from_ = from;
    settings_ = std::move(s);
    return settings_;
}

std::optional<RateLimits::UserLimit> RateLimits::user_limit(const Settings& st, const std::string& group) {
    if (!st.user_limit) return std::nullopt;
    auto override = st.groups.find(group);
    auto [total, success] = override == st.groups.end() ? std::pair(st.total, st.success) : override->second;
    return UserLimit{st.minutes, total, success};
}

namespace {

RelayError total_exceeded(int64_t minutes, int64_t total) {
    return too_many("您已达到总请求数限制：" + std::to_string(minutes) + "分钟内最多请求" + std::to_string(total) +
                    "次，包括失败次数，请检查您的请求是否正确");
}

RelayError success_exceeded(int64_t minutes, int64_t success) {
    return too_many("您已达到请求数限制：" + std::to_string(minutes) + "分钟内最多请求" + std::to_string(success) +
                    "次");
}

}  // namespace

std::optional<RelayError> RateLimits::shared_user_check(const UserLimit& l, int64_t user, bool& counted) {
    const std::string id = std::to_string(user);
    if (l.success > 0) {
        auto ok = shared_->apply("user_ok:" + id, l.minutes * 60, l.success, SharedWindows::Mode::check);
        if (!ok) return std::nullopt;
        if (!*ok) return success_exceeded(l.minutes, l.success);
    }
    auto all = shared_->apply("user_all:" + id, l.minutes * 60, l.total > 0 ? l.total : INT64_MAX,
                              SharedWindows::Mode::check_and_add);
    if (!all) return std::nullopt;
    if (!*all) return total_exceeded(l.minutes, l.total);
    counted = true;
    return std::nullopt;
}

// With mutex_ held.
std::optional<RelayError> RateLimits::local_user_check(const UserLimit& l, int64_t user, Clock::time_point now) {
    auto since = now - std::chrono::minutes(l.minutes);
    if (l.total > 0 && user_all_[user].sum(since) >= l.total) return total_exceeded(l.minutes, l.total);
    if (l.success > 0 && user_ok_[user].sum(since) >= l.success) return success_exceeded(l.minutes, l.success);
    user_all_[user].events.emplace_back(now, 1);
    return std::nullopt;
}

std::optional<RelayError> RateLimits::admit(const Options& o, const KeyAuth& a) {
    auto now = Clock::now();
    int64_t user = a.user->id, token = a.token->id;
    bool counted = false;
    if (shared_) {  // outside the lock: a Redis round trip must not serialise admissions
        std::optional<UserLimit> limit;
        {
            std::lock_guard lock(mutex_);
            limit = user_limit(settings(o), a.group);
        }
        if (limit)
            if (auto refused = shared_user_check(*limit, user, counted)) return refused;
    }
    std::lock_guard lock(mutex_);
    const Settings& st = settings(o);
    if (auto limit = user_limit(st, a.group); limit && !counted)
        if (auto refused = local_user_check(*limit, user, now)) return refused;
    auto minute = now - std::chrono::minutes(1);
    int64_t rpm = st.rpm;
    if (rpm > 0 && token_requests_[token].sum(minute) >= rpm)
        return too_many("该令牌已达到每分钟请求数限制 (" + std::to_string(rpm) + " RPM)");
    int64_t tpm = st.tpm;
    if (tpm > 0 && token_tokens_[token].sum(minute) >= tpm)
        return too_many("该令牌已达到每分钟令牌数限制 (" + std::to_string(tpm) + " TPM)");
    int concurrency = st.concurrency;
    if (concurrency > 0 && token_running_[token] >= concurrency)
        return too_many("该令牌的并发请求已达上限 (" + std::to_string(concurrency) + ")");
    if (rpm > 0) token_requests_[token].events.emplace_back(now, 1);
    ++token_running_[token];
    return std::nullopt;
}

void RateLimits::ended(int64_t token_id) {
    std::lock_guard lock(mutex_);
    if (auto it = token_running_.find(token_id); it != token_running_.end() && --it->second <= 0)
        token_running_.erase(it);
}

void RateLimits::settled(int64_t user_id, int64_t token_id, bool success, int64_t tokens) {
    auto now = Clock::now();
    // A success counts on the shared window, and locally for users this node counted itself.
    if (success && shared_) {
        std::unique_lock lock(mutex_);
        bool limited = settings_.user_limit;
        int64_t minutes = settings_.minutes;
        lock.unlock();  // the Redis call runs unlocked
        if (limited) shared_->apply("user_ok:" + std::to_string(user_id), minutes * 60, 0, SharedWindows::Mode::add);
    }
    std::lock_guard lock(mutex_);
    if (success && user_all_.count(user_id)) user_ok_[user_id].events.emplace_back(now, 1);
    if (tokens > 0) {
        auto& w = token_tokens_[token_id];
        w.events.emplace_back(now, tokens);
        while (w.events.front().first < now - std::chrono::minutes(1)) w.events.pop_front();
    }
}

void RateLimits::add_full_channels(std::set<int64_t>& out) {
    if (capped_channels_.load(std::memory_order_relaxed) == 0) return;
    std::lock_guard lock(mutex_);
    for (const auto& [id, rc] : channel_running_)
        if (rc.second > 0 && rc.first >= rc.second) out.insert(id);
}

bool RateLimits::try_channel(int64_t channel_id, int cap) {
    std::lock_guard lock(mutex_);
    auto& rc = channel_running_[channel_id];
    if (rc.first >= cap && rc.first > 0) return false;
    if (rc.first == 0) ++capped_channels_;
    ++rc.first;
    rc.second = cap;
    return true;
}

void RateLimits::channel_ended(int64_t channel_id) {
    std::lock_guard lock(mutex_);
    auto it = channel_running_.find(channel_id);
    if (it != channel_running_.end() && --it->second.first <= 0) {
        channel_running_.erase(it);
        --capped_channels_;
    }
}

}  // namespace gw::relay
