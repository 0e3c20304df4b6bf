#include "billing/quota_math.hpp"

#include "billing/checked.hpp"

#include <algorithm>
#include <cmath>

namespace gw::billing {

namespace {

// A computed charge within [0, kMaxQuota]: negative ratios or prices never credit anyone.
int64_t clamp_quota(long double q) {
    if (std::isnan(q) || q <= 0) return 0;
    if (q >= static_cast<long double>(kMaxQuota)) return kMaxQuota;
    return static_cast<int64_t>(std::llround(q));
}

}  // namespace

std::optional<int64_t> pre_consume_quota(const ModelPrice& p, double group_ratio, int64_t prompt_tokens,
                                         int64_t max_tokens, int64_t pre_consumed_tokens, int64_t quota_per_unit) {
    long double q = 0;
    if (p.per_call) {
        q = static_cast<long double>(p.price) * quota_per_unit * group_ratio;
    } else {
        long double tokens = static_cast<long double>(std::max(prompt_tokens, pre_consumed_tokens)) +
                             static_cast<long double>(std::max<int64_t>(max_tokens, 0));
        q = tokens * p.model_ratio * group_ratio;
    }
    if (std::isnan(q) || q <= 0) return 0;
    auto held = quota_of(q);
    return held ? std::optional<int64_t>(*held) : std::nullopt;
}

int64_t task_quota(const ModelPrice& p, double group_ratio, const std::map<std::string, double>& ratios,
                   int64_t quota_per_unit) {
    long double q = static_cast<long double>(p.price) * quota_per_unit * group_ratio;
    for (const auto& [name, r] : ratios) q *= r;
    return clamp_quota(q);
}

int64_t usage_quota(const ModelPrice& p, double group_ratio, const gw_usage& u, int64_t quota_per_unit) {
    using LD = long double;
    bool has_usage = LD(u.prompt_tokens) + LD(u.completion_tokens) > 0;
    if (p.per_call) return clamp_quota(static_cast<long double>(p.price) * quota_per_unit * group_ratio);
    if (!has_usage) return 0;
    // Token counts are an upstream's word: taken as non-negative reals, so no sum can wrap.
    auto n = [](int64_t v) { return LD(std::max<int64_t>(v, 0)); };
    LD base = n(u.prompt_tokens);
    if (u.prompt_includes_cache) base -= n(u.cached_tokens) + n(u.cache_write_tokens) + n(u.cache_write_1h_tokens);
    base = std::max<LD>(base, 0);
    // A one-hour cache write costs 2x input where a five-minute one costs 1.25x: 6/3.75 of it.
    LD prompt = base + n(u.cached_tokens) * p.cache_ratio + n(u.cache_write_tokens) * p.create_cache_ratio +
                n(u.cache_write_1h_tokens) * p.create_cache_ratio * 6 / 3.75;
    LD ratio = LD(p.model_ratio) * group_ratio;
    // Audio tokens are priced apart from text (New API's audio billing): audio in × AudioRatio,
    // audio out × AudioRatio × AudioCompletionRatio.
    LD audio_in = n(u.audio_input_tokens), audio_out = n(u.audio_output_tokens);
    prompt = std::max<LD>(prompt - audio_in, 0) + audio_in * p.audio_ratio;
    LD text_out = std::max<LD>(n(u.completion_tokens) - audio_out, 0);
    LD completion = text_out * p.completion_ratio + audio_out * p.audio_ratio * p.audio_completion_ratio;
    int64_t quota = clamp_quota((prompt + completion) * ratio);
    if (ratio != 0 && quota == 0) quota = 1;
    return quota;
}

bool trusted(int64_t user_quota, int64_t token_remain, bool token_unlimited, int64_t quota_per_unit) {
    long double trust = 10.0L * quota_per_unit;
    return user_quota > trust && (token_unlimited || token_remain > trust);
}

}  // namespace gw::billing
