#include "billing/quota_math.hpp"

#include <algorithm>
#include <cmath>

namespace gw::billing {

int64_t pre_consume_quota(const ModelPrice& p, double group_ratio, int64_t prompt_tokens, int64_t max_tokens,
                          int64_t pre_consumed_tokens, int64_t quota_per_unit) {
    if (p.per_call) return static_cast<int64_t>(static_cast<long double>(p.price) * quota_per_unit * group_ratio);
    int64_t tokens = std::max(prompt_tokens, pre_consumed_tokens) + std::max<int64_t>(max_tokens, 0);
    return static_cast<int64_t>(static_cast<long double>(tokens) * p.model_ratio * group_ratio);
}

int64_t usage_quota(const ModelPrice& p, double group_ratio, const gw_usage& u, int64_t quota_per_unit) {
    bool has_usage = u.prompt_tokens + u.completion_tokens > 0;
    if (p.per_call) {
        long double q = static_cast<long double>(p.price) * quota_per_unit * group_ratio;
        return static_cast<int64_t>(std::llround(q));
    }
    if (!has_usage) return 0;
    long double base = static_cast<long double>(u.prompt_tokens);
    if (u.prompt_includes_cache)
        base -= static_cast<long double>(u.cached_tokens + u.cache_write_tokens + u.cache_write_1h_tokens);
    base = std::max<long double>(base, 0);
    // A one-hour cache write costs 2x input where a five-minute one costs 1.25x: 6/3.75 of it.
    long double prompt = base + static_cast<long double>(u.cached_tokens) * p.cache_ratio +
                         static_cast<long double>(u.cache_write_tokens) * p.create_cache_ratio +
                         static_cast<long double>(u.cache_write_1h_tokens) * p.create_cache_ratio * 6 / 3.75;
    long double ratio = static_cast<long double>(p.model_ratio) * group_ratio;
    long double q = (prompt + static_cast<long double>(u.completion_tokens) * p.completion_ratio) * ratio;
    int64_t quota = static_cast<int64_t>(std::llround(q));
    if (ratio != 0 && quota <= 0) quota = 1;
    return quota;
}

bool trusted(int64_t user_quota, int64_t token_remain, bool token_unlimited, int64_t quota_per_unit) {
    int64_t trust = 10 * quota_per_unit;
    return user_quota > trust && (token_unlimited || token_remain > trust);
}

}  // namespace gw::billing
