// New API's quota arithmetic, each expectation worked out by hand.
#include "billing/quota_math.hpp"

#include "billing/checked.hpp"
#include "billing/price_book.hpp"

#include <gtest/gtest.h>

#include <limits>

using namespace gw::billing;

namespace {

gw_usage usage(int64_t prompt, int64_t completion, int64_t cached = 0, int64_t write = 0, bool includes_cache = true) {
    gw_usage u{};
    u.struct_size = sizeof u;
    u.prompt_includes_cache = includes_cache ? 1 : 0;
    u.prompt_tokens = prompt;
    u.completion_tokens = completion;
    u.total_tokens = prompt + completion;
    u.cached_tokens = cached;
    u.cache_write_tokens = write;
    return u;
}

ModelPrice ratio(double model, double completion = 1, double cache = 1, double create = 1.25) {
    ModelPrice p;
    p.model_ratio = model;
    p.completion_ratio = completion;
    p.cache_ratio = cache;
    p.create_cache_ratio = create;
    return p;
}

}  // namespace

TEST(QuotaMath, RatiosMultiplyPromptAndCompletion) {
    // (100 + 20 × 4) × 1.25 × 1.5 = 337.5 → 338 (half away from zero)
    EXPECT_EQ(usage_quota(ratio(1.25, 4), 1.5, usage(100, 20), 500000), 338);
}

TEST(QuotaMath, CachedTokensAreSubtractedAndRepriced) {
    // base 1000 − 400 − 100 = 500; 400 × 0.1 = 40; 100 × 1.25 = 125; 10 × 5 = 50 → 715 × 2
    EXPECT_EQ(usage_quota(ratio(2, 5, 0.1, 1.25), 1, usage(1000, 10, 400, 100), 500000), 1430);
}

TEST(QuotaMath, AnthropicUsageDoesNotSubtractCache) {
    // prompt excludes cache: 1000 + 400 × 0.1 + 100 × 1.25 + 10 × 5 = 1215
    EXPECT_EQ(usage_quota(ratio(1, 5, 0.1, 1.25), 1, usage(1000, 10, 400, 100, false), 500000), 1215);
}

TEST(QuotaMath, TinyChargesRoundUpToOneAndNoUsageIsFree) {
    EXPECT_EQ(usage_quota(ratio(0.0001), 1, usage(1, 1), 500000), 1);
    EXPECT_EQ(usage_quota(ratio(2), 1, usage(0, 0), 500000), 0);
    EXPECT_EQ(usage_quota(ratio(0), 1, usage(100, 100), 500000), 0);  // a free model stays free
}

TEST(QuotaMath, PerCallPriceIgnoresTokens) {
    ModelPrice p;
    p.per_call = true;
    p.price = 0.04;
    EXPECT_EQ(usage_quota(p, 2, usage(5000, 5000), 500000), 40000);
}

TEST(QuotaMath, PreConsumeUsesTheFloorAndMaxTokens) {
    // max(120, 500) + 1000 = 1500 tokens × 2 × 1.5
    EXPECT_EQ(pre_consume_quota(ratio(2, 8), 1.5, 120, 1000, 500, 500000), 4500);
    // a larger prompt wins over the floor; the completion ratio is not applied
    EXPECT_EQ(pre_consume_quota(ratio(2, 8), 1, 900, 0, 500, 500000), 1800);
}

TEST(QuotaMath, TrustBypassNeedsTenDollarsOnUserAndToken) {
    EXPECT_TRUE(trusted(5000001, 0, true, 500000));
    EXPECT_TRUE(trusted(5000001, 5000001, false, 500000));
    EXPECT_FALSE(trusted(5000001, 4000000, false, 500000));
    EXPECT_FALSE(trusted(5000000, 0, true, 500000));
}

TEST(PriceBook, OptionsReplaceDefaultsAndWildcardsMatch) {
    PriceBook defaults({});
    ASSERT_TRUE(defaults.lookup("gpt-4o-mini"));
    EXPECT_DOUBLE_EQ(defaults.lookup("gpt-4o-mini")->model_ratio, 0.075);
    EXPECT_DOUBLE_EQ(defaults.lookup("gpt-5-high")->model_ratio, 0.625);  // reasoning suffix falls back
    PriceBook custom({{"ModelRatio", R"({"my-*": 3, "exact": 1})"}, {"ModelPrice", R"({"img": 0.1})"}});
    EXPECT_FALSE(custom.lookup("gpt-4o-mini"));
    EXPECT_DOUBLE_EQ(custom.lookup("my-model")->model_ratio, 3);
    EXPECT_TRUE(custom.lookup("img")->per_call);
    EXPECT_DOUBLE_EQ(custom.group_ratio("default"), 1);
    EXPECT_DOUBLE_EQ(custom.group_ratio("unknown"), 1);
}

TEST(PriceBook, SelfUseModePricesUnknownModels) {
    PriceBook book({{"SelfUseModeEnabled", "true"}, {"ModelRatio", "{}"}});
    ASSERT_TRUE(book.lookup("anything"));
    EXPECT_DOUBLE_EQ(book.lookup("anything")->model_ratio, 37.5);
}

TEST(QuotaMath, AnAbsurdMaxTokensIsRefusedNotWrapped) {
    // (max(10, 500) + 2^63-1) × 2 cannot be held: refused, where int64 arithmetic went negative.
    EXPECT_FALSE(pre_consume_quota(ratio(2), 1, 10, std::numeric_limits<int64_t>::max(), 500, 500000));
    EXPECT_FALSE(pre_consume_quota(ratio(1), 1, 10, kMaxQuota, 500, 500000));
    EXPECT_EQ(pre_consume_quota(ratio(2), 1, 10, 100, 500, 500000), 1200);
    // A negative ratio or price never makes a negative hold.
    EXPECT_EQ(pre_consume_quota(ratio(-3), 1, 10, 100, 500, 500000), 0);
    ModelPrice p;
    p.per_call = true;
    p.price = 1e300;
    EXPECT_FALSE(pre_consume_quota(p, 1, 0, 0, 500, 500000));
}

TEST(QuotaMath, AbsurdUsageIsClampedNeverNegativeOrWrapped) {
    int64_t big = std::numeric_limits<int64_t>::max();
    EXPECT_EQ(usage_quota(ratio(2, 4), 1, usage(big, big), 500000), kMaxQuota);
    EXPECT_EQ(usage_quota(ratio(2, 4), 1, usage(big, big, big, big), 500000), kMaxQuota);
    EXPECT_GE(usage_quota(ratio(1), 1, usage(100, -1000), 500000), 0);
    EXPECT_EQ(usage_quota(ratio(-1), 1, usage(100, 100), 500000), 1);  // New API: a non-zero ratio costs at least 1
    ModelPrice p;
    p.per_call = true;
    p.price = 1e300;
    EXPECT_EQ(usage_quota(p, 1, usage(1, 1), 500000), kMaxQuota);
    p.price = -5;
    EXPECT_EQ(usage_quota(p, 1, usage(1, 1), 500000), 0);
}

TEST(CheckedArithmetic, SumsSaturateInsteadOfWrapping) {
    int64_t max = std::numeric_limits<int64_t>::max(), min = std::numeric_limits<int64_t>::min();
    EXPECT_EQ(sat_add(max, 1), max);
    EXPECT_EQ(sat_add(min, -1), min);
    EXPECT_EQ(sat_sub(min, 1), min);
    EXPECT_EQ(sat_sub(max, -1), max);
    EXPECT_EQ(sat_add(5, -7), -2);
    EXPECT_TRUE(valid_quota(kMaxQuota));
    EXPECT_FALSE(valid_quota(kMaxQuota + 1));
    EXPECT_FALSE(quota_of(1e30L));
    EXPECT_EQ(quota_of(12.9L), 12);
}

// Audio tokens are priced apart: (text in + text out × completion + audio in × audio ratio +
// audio out × audio ratio × audio completion ratio) × model ratio × group ratio.
TEST(QuotaMath, AudioTokensUseTheAudioRatios) {
    ModelPrice p = ratio(2.5, 4);
    p.audio_ratio = 8;
    p.audio_completion_ratio = 2;
    gw_usage u = usage(1000, 300);
    u.audio_input_tokens = 400;
    u.audio_output_tokens = 100;
    // (600 + 400 × 8 + 200 × 4 + 100 × 8 × 2) × 2.5 = (600 + 3200 + 800 + 1600) × 2.5
    EXPECT_EQ(usage_quota(p, 1, u, 500000), 15500);
}

// A negative or oversized audio count never turns text tokens negative or wraps.
TEST(QuotaMath, AudioTokensAboveTheTotalAreClamped) {
    ModelPrice p = ratio(1);
    gw_usage u = usage(10, 0);
    u.audio_input_tokens = 50;
    EXPECT_EQ(usage_quota(p, 1, u, 500000), 50);  // 0 text + 50 audio × 1
    u.audio_input_tokens = -5;
    EXPECT_EQ(usage_quota(p, 1, u, 500000), 10);
}
