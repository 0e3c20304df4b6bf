#include "common/json_bounded.hpp"

#include <gtest/gtest.h>

using gw::json_too_deep;
using gw::kMaxJsonDepth;

TEST(JsonBounded, CountsNestingOutsideStringsOnly) {
    std::string at_limit = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
    EXPECT_FALSE(json_too_deep(at_limit));
    EXPECT_TRUE(json_too_deep("[" + at_limit + "]"));
    EXPECT_FALSE(json_too_deep(R"({"a":")" + std::string(1000, '[') + R"(\"[[["})"));
}

TEST(JsonBounded, ParsesWithinTheLimitAndDiscardsBeyondIt) {
    EXPECT_EQ(gw::parse_json(R"({"a":[1,2]})")["a"][1], 2);
    std::string deep;
    for (int i = 0; i < 200000; ++i) deep += R"({"a":)";
    deep += "{}" + std::string(200000, '}');
    EXPECT_TRUE(gw::parse_json(deep).is_discarded());
    EXPECT_TRUE(gw::parse_json("{not json").is_discarded());
}
