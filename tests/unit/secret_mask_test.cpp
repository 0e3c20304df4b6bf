#include "relay/secret_mask.hpp"

#include <gtest/gtest.h>

using gw::relay::mask_secrets;

TEST(SecretMask, MasksEveryKeyOfTheChannelAndItsParts) {
    std::string keys = "sk-first-key-123456\nAKIAEXAMPLE0001|secretpart-abcdef|us-east-1";
    std::string text = "bad key sk-first-key-123456; signed with secretpart-abcdef in us-east-1 by AKIAEXAMPLE0001";
    std::string out = mask_secrets(text, keys);
    EXPECT_EQ(out.find("first-key"), std::string::npos) << out;
    EXPECT_EQ(out.find("secretpart"), std::string::npos) << out;
    EXPECT_EQ(out.find("AKIAEXAMPLE0001"), std::string::npos) << out;
    EXPECT_NE(out.find("us-east-1"), std::string::npos) << out;  // too short to be a secret
}

TEST(SecretMask, MasksBearerTokensKeysAndKeyParametersOfAnyChannel) {
    std::string out = mask_secrets(
        "Authorization: Bearer abc.def-ghi_jkl; other sk-proj-ABCDEFGH1234 and AIzaSyA1234567890abcdefghijk at "
        "https://x/v1?key=zzzsecret&alt=sse; task-12345678 stays",
        "");
    EXPECT_EQ(out.find("abc.def"), std::string::npos) << out;
    EXPECT_EQ(out.find("ABCDEFGH1234"), std::string::npos) << out;
    EXPECT_EQ(out.find("1234567890abcdefghijk"), std::string::npos) << out;
    EXPECT_EQ(out.find("zzzsecret"), std::string::npos) << out;
    EXPECT_NE(out.find("alt=sse"), std::string::npos) << out;
    EXPECT_NE(out.find("task-12345678"), std::string::npos) << out;
}
