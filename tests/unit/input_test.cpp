// The management API's input layer: integers outside int64 and quotas outside ±kMaxQuota are
// refused by name, never wrapped.
#include "api/input.hpp"
#include "billing/checked.hpp"

#include <gtest/gtest.h>

namespace {

using gw::api::Input;

Input body(const std::string& json) {
    return Input(nlohmann::json::parse(json));
}

TEST(Input, IntegersOutsideInt64AreRefused) {
    EXPECT_EQ(*body(R"({"v": 9223372036854775807})").integer("v"), std::numeric_limits<int64_t>::max());
    EXPECT_EQ(*body(R"({"v": -9223372036854775808})").integer("v"), std::numeric_limits<int64_t>::min());
    EXPECT_THROW(body(R"({"v": 9223372036854775808})").integer("v"), gw::http::ClientError);
    EXPECT_THROW(body(R"({"v": 18446744073709551615})").integer("v"), gw::http::ClientError);
    EXPECT_THROW(body(R"({"v": 1e19})").integer("v"), gw::http::ClientError);
    EXPECT_THROW(body(R"({"v": -1e300})").integer("v"), gw::http::ClientError);
    EXPECT_THROW(body(R"({"v": 1.5})").integer("v"), gw::http::ClientError);
    EXPECT_EQ(*body(R"({"v": 3.0})").integer("v"), 3);
    EXPECT_FALSE(body(R"({})").integer("v"));
}

TEST(Input, QuotasStayWithinTheBound) {
    EXPECT_EQ(*body(R"({"q": 9007199254740991})").quota("q"), gw::billing::kMaxQuota);
    EXPECT_THROW(body(R"({"q": 9007199254740992})").quota("q"), gw::http::ClientError);
    EXPECT_THROW(body(R"({"q": -9007199254740992})").quota("q"), gw::http::ClientError);
    try {
        body(R"({"quota": 9223372036854775808})").quota("quota");
        FAIL();
    } catch (const gw::http::ClientError& e) {
        EXPECT_NE(std::string(e.what()).find("quota"), std::string::npos) << e.what();
    }
}

}  // namespace
