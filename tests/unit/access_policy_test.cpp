// Custom providers' access policies over user info: dotted paths, each operator, and/or with
// nested groups, and the denial message naming the first condition that failed.
#include "oauth/access_policy.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

using gw::oauth::access_denial;

const nlohmann::json kInfo = nlohmann::json::parse(
    R"({"data":{"user":{"id":42,"level":3,"name":"ann"},"roles":["dev","member"]},"email_verified":true})");

std::string judge(const std::string& policy) {
    return access_denial(policy, kInfo, "Acme", "{{provider}}:{{field}} {{op}} {{required}} (was {{current}})");
}

TEST(AccessPolicy, PathsReadNestedFieldsAndArrayItems) {
    EXPECT_EQ(gw::oauth::text_at(kInfo, "data.user.id"), "42");
    EXPECT_EQ(gw::oauth::text_at(kInfo, "data.roles.1"), "member");
    EXPECT_EQ(gw::oauth::text_at(kInfo, "data.missing"), "");
    EXPECT_EQ(gw::oauth::at_path(kInfo, "data.roles.9"), nullptr);
}

TEST(AccessPolicy, EachOperator) {
    auto one = [](const char* field, const char* op, const char* value) {
        return judge(std::string(R"({"conditions":[{"field":")") + field + R"(","op":")" + op + R"(","value":)" +
                     value + "}]}");
    };
    EXPECT_EQ(one("data.user.level", "gte", "3"), "");
    EXPECT_EQ(one("data.user.level", "gt", "\"2\""), "");
    EXPECT_NE(one("data.user.level", "lt", "3"), "");
    EXPECT_EQ(one("data.user.name", "eq", "\"ann\""), "");
    EXPECT_EQ(one("data.user.name", "in", "[\"bob\",\"ann\"]"), "");
    EXPECT_EQ(one("data.roles", "contains", "\"member\""), "");
    EXPECT_NE(one("data.roles", "not_contains", "\"dev\""), "");
    EXPECT_EQ(one("email_verified", "exists", "null"), "");
    EXPECT_EQ(one("data.banned", "not_exists", "null"), "");
    EXPECT_NE(one("data.user.name", "no_such_op", "1"), "");
}

TEST(AccessPolicy, AndOrGroupsAndTheMessage) {
    EXPECT_EQ(judge(""), "") << "no policy: everyone";
    EXPECT_EQ(judge(R"({"logic":"or","conditions":[{"field":"data.user.level","op":"gt","value":9},
                                                   {"field":"data.roles","op":"contains","value":"dev"}]})"),
              "");
    EXPECT_EQ(judge(R"({"logic":"and","conditions":[{"field":"data.user.level","op":"gte","value":1}],
                       "groups":[{"logic":"or","conditions":[{"field":"data.user.level","op":"gt","value":9}]}]})"),
              "Acme:data.user.level gt 9 (was 3)");
    EXPECT_NE(judge("not json"), "") << "a policy that does not parse denies";
}

}  // namespace
