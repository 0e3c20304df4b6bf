// Signed sign-in flow tokens: readable for their purpose until they expire, and nothing else —
// not another purpose, not a tampered payload, not another server's secret.
#include "auth/flow_token.hpp"

#include <gtest/gtest.h>

namespace {

using gw::auth::issue_flow;
using gw::auth::read_flow;

TEST(FlowToken, ReadsBackUntilItExpires) {
    std::string token = issue_flow({"2fa_login", 7, 1000, "mark"}, "secret");
    auto flow = read_flow(token, "2fa_login", "secret", 999);
    ASSERT_TRUE(flow);
    EXPECT_EQ(flow->user_id, 7);
    EXPECT_EQ(flow->data, "mark");
    EXPECT_TRUE(read_flow(token, "2fa_login", "secret", 1000));
    EXPECT_FALSE(read_flow(token, "2fa_login", "secret", 1001)) << "expired";
}

TEST(FlowToken, RefusesAnotherPurposeSecretOrPayload) {
    std::string token = issue_flow({"passkey_login", 0, 1000, "challenge"}, "secret");
    EXPECT_FALSE(read_flow(token, "oauth_state", "secret", 0));
    EXPECT_FALSE(read_flow(token, "passkey_login", "other secret", 0));
    std::string forged = issue_flow({"passkey_login", 1, 1000, "challenge"}, "other secret");
    EXPECT_FALSE(
        read_flow(forged.substr(0, forged.find('.')) + token.substr(token.find('.')), "passkey_login", "secret", 0));
    EXPECT_FALSE(read_flow("", "passkey_login", "secret", 0));
    EXPECT_FALSE(read_flow("no-dot", "passkey_login", "secret", 0));
}

}  // namespace
