// HOTP/TOTP against the RFC 4226 and RFC 6238 (SHA-1) test vectors, and the backup code forms.
#include "auth/totp.hpp"

#include <gtest/gtest.h>

#include <set>

namespace {

// "12345678901234567890", the RFCs' shared secret, in base32.
constexpr const char* kRfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

TEST(Totp, Rfc4226HotpVectors) {
    const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                              "254676", "287922", "162583", "399871", "520489"};
    for (uint64_t c = 0; c < 10; ++c) EXPECT_EQ(gw::auth::hotp(kRfcSecret, c).value(), expected[c]) << c;
}

TEST(Totp, Rfc6238Sha1Vectors) {
    const std::pair<int64_t, const char*> vectors[] = {{59, "94287082"},         {1111111109, "07081804"},
                                                       {1111111111, "14050471"}, {1234567890, "89005924"},
                                                       {2000000000, "69279037"}, {20000000000, "65353130"}};
    for (auto [t, code] : vectors)
        EXPECT_EQ(gw::auth::hotp(kRfcSecret, static_cast<uint64_t>(t / 30), 8).value(), code) << t;
}

TEST(Totp, AcceptsOneStepOfDriftEitherSideAndNoMore) {
    const int64_t now = 1111111111;
    const int64_t step = now / 30;
    for (int64_t d : {-1, 0, 1}) {
        auto code = gw::auth::hotp(kRfcSecret, static_cast<uint64_t>(step + d)).value();
        EXPECT_EQ(gw::auth::totp_step(kRfcSecret, code, now), step + d);
    }
    for (int64_t d : {-2, 2}) {
        auto code = gw::auth::hotp(kRfcSecret, static_cast<uint64_t>(step + d)).value();
        EXPECT_FALSE(gw::auth::totp_step(kRfcSecret, code, now)) << d;
    }
    EXPECT_FALSE(gw::auth::totp_step(kRfcSecret, "12345", now));
    EXPECT_FALSE(gw::auth::totp_step("not base32!", "123456", now));
}

TEST(Totp, SecretsAreBase32OfTwentyBytes) {
    auto a = gw::auth::new_totp_secret(), b = gw::auth::new_totp_secret();
    EXPECT_EQ(a.size(), 32u);
    EXPECT_NE(a, b);
    EXPECT_TRUE(gw::auth::hotp(a, 0).has_value());
}

TEST(Totp, BackupCodesNormalize) {
    auto codes = gw::auth::new_backup_codes();
    ASSERT_EQ(codes.size(), 4u);
    EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), 4u);
    for (const auto& c : codes) {
        ASSERT_EQ(c.size(), 9u);
        EXPECT_EQ(c[4], '-');
        EXPECT_EQ(gw::auth::normalize_backup_code(c), c);
    }
    EXPECT_EQ(gw::auth::normalize_backup_code("ab12cd34"), "AB12-CD34");
    EXPECT_FALSE(gw::auth::normalize_backup_code("AB12-CD3"));
    EXPECT_FALSE(gw::auth::normalize_backup_code("AB12-CD345"));
    EXPECT_FALSE(gw::auth::normalize_backup_code("AB12-CD3!"));
}

}  // namespace
