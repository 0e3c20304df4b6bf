// The WebAuthn checks on hand-built authenticator output: an ES256 key made here signs what a
// real authenticator would, and every field the checks rely on is spoiled once.
#include "webauthn/webauthn.hpp"
#include "common/base64.hpp"
#include "webauthn/cbor.hpp"

#include <gtest/gtest.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <memory>

namespace {

using namespace gw::webauthn;

std::string sha256(const std::string& in) {
    unsigned char d[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(in.data()), in.size(), d);
    return std::string(reinterpret_cast<char*>(d), sizeof d);
}

struct Authenticator {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key{EVP_EC_gen("P-256"), &EVP_PKEY_free};

    // COSE_Key {1: 2, 3: -7, -1: 1, -2: x, -3: y} in CBOR.
    std::string cose() const {
        unsigned char point[65];
        size_t n = 0;
        EVP_PKEY_get_octet_string_param(key.get(), OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point, &n);
        std::string x(reinterpret_cast<char*>(point) + 1, 32), y(reinterpret_cast<char*>(point) + 33, 32);
        return std::string("\xa5\x01\x02\x03\x26\x20\x01\x21\x58\x20", 10) + x + std::string("\x22\x58\x20", 3) + y;
    }
    std::string sign(const std::string& data) const {
        std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> md(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
        size_t n = 0;
        EVP_DigestSignInit(md.get(), nullptr, EVP_sha256(), nullptr, key.get());
        EVP_DigestSign(md.get(), nullptr, &n, reinterpret_cast<const unsigned char*>(data.data()), data.size());
        std::string sig(n, '\0');
        EVP_DigestSign(md.get(), reinterpret_cast<unsigned char*>(sig.data()), &n,
                       reinterpret_cast<const unsigned char*>(data.data()), data.size());
        sig.resize(n);
        return sig;
    }
};

std::string auth_data(const std::string& rp_id, uint8_t flags, uint32_t count) {
    std::string d = sha256(rp_id);
    d += static_cast<char>(flags);
    for (int s = 24; s >= 0; s -= 8) d += static_cast<char>((count >> s) & 0xff);
    return d;
}

std::string client_data(const char* type, const std::string& challenge, const std::string& origin) {
    return std::string("{\"type\":\"") + type + "\",\"challenge\":\"" + gw::base64_encode(challenge, true) +
           "\",\"origin\":\"" + origin + "\"}";
}

const Ceremony kCeremony{"0123456789abcdef0123456789abcdef", "example.com", {"https://example.com"}, false};

TEST(WebAuthn, AcceptsAGoodAssertionAndMovesTheCounter) {
    Authenticator a;
    std::string cd = client_data("webauthn.get", kCeremony.challenge, "https://example.com");
    std::string ad = auth_data("example.com", 0x05, 7);
    EXPECT_EQ(verify_assertion(kCeremony, a.cose(), 6, cd, ad, a.sign(ad + sha256(cd))), 7u);
}

TEST(WebAuthn, RefusesEachSpoiledField) {
    Authenticator a, other;
    auto attempt = [&](const std::string& cd, const std::string& ad, const Authenticator& signer, uint32_t stored) {
        return verify_assertion(kCeremony, a.cose(), stored, cd, ad, signer.sign(ad + sha256(cd)));
    };
    std::string good_cd = client_data("webauthn.get", kCeremony.challenge, "https://example.com");
    std::string good_ad = auth_data("example.com", 0x05, 7);
    EXPECT_THROW(attempt(client_data("webauthn.create", kCeremony.challenge, "https://example.com"), good_ad, a, 0),
                 WebAuthnError);
    EXPECT_THROW(attempt(client_data("webauthn.get", "another challenge", "https://example.com"), good_ad, a, 0),
                 WebAuthnError);
    EXPECT_THROW(attempt(client_data("webauthn.get", kCeremony.challenge, "https://evil.example"), good_ad, a, 0),
                 WebAuthnError);
    EXPECT_THROW(attempt(good_cd, auth_data("evil.example", 0x05, 7), a, 0), WebAuthnError);
    EXPECT_THROW(attempt(good_cd, auth_data("example.com", 0x04, 7), a, 0), WebAuthnError);  // no user presence
    EXPECT_THROW(attempt(good_cd, good_ad, other, 0), WebAuthnError);                        // someone else's key
    EXPECT_THROW(attempt(good_cd, good_ad, a, 7), WebAuthnError);                            // counter did not move
    Ceremony uv = kCeremony;
    uv.require_user_verification = true;
    std::string no_uv = auth_data("example.com", 0x01, 8);
    EXPECT_THROW(verify_assertion(uv, a.cose(), 0, good_cd, no_uv, a.sign(no_uv + sha256(good_cd))), WebAuthnError);
}

TEST(WebAuthn, RegistrationReadsTheAttestedKey) {
    Authenticator a;
    std::string cred_id = "credential-0001";
    std::string ad =
        auth_data("example.com", 0x45, 0) + std::string(16, '\x11') + std::string("\x00\x0f", 2) + cred_id + a.cose();
    // {"fmt": "none", "attStmt": {}, "authData": ad}
    std::string att = std::string(
        "\xa3\x63"
        "fmt\x64"
        "none\x67"
        "attStmt\xa0\x68"
        "authData\x59",
        29);
    att += static_cast<char>(ad.size() >> 8);
    att += static_cast<char>(ad.size() & 0xff);
    att += ad;
    auto c =
        verify_registration(kCeremony, client_data("webauthn.create", kCeremony.challenge, "https://example.com"), att);
    EXPECT_EQ(c.id, cred_id);
    EXPECT_EQ(c.cose_key, a.cose());
    EXPECT_EQ(c.format, "none");
    EXPECT_TRUE(c.user_verified);
    EXPECT_THROW(
        verify_registration(kCeremony, client_data("webauthn.get", kCeremony.challenge, "https://example.com"), att),
        WebAuthnError);
}

TEST(Base64, BothAlphabetsRoundTrip) {
    const std::string raw("\xfb\xff\x00hello", 8);
    EXPECT_EQ(gw::base64_encode(raw), "+/8AaGVsbG8=");
    EXPECT_EQ(gw::base64_encode(raw, true), "-_8AaGVsbG8");
    EXPECT_EQ(gw::base64_decode("+/8AaGVsbG8="), raw);
    EXPECT_EQ(gw::base64_decode("-_8AaGVsbG8"), raw);
    EXPECT_THROW(gw::base64_decode("a*b"), std::invalid_argument);
}

TEST(Cbor, RefusesIndefiniteTruncatedAndDeepInput) {
    size_t used = 0;
    EXPECT_THROW(decode_cbor(std::string("\x9f\x01\xff", 3), used), CborError);
    EXPECT_THROW(decode_cbor(std::string("\x58\x20\x01", 3), used), CborError);
    EXPECT_THROW(decode_cbor(std::string(40, '\x81') + "\x01", used), CborError);
    auto v = decode_cbor(std::string("\xa1\x21\x43\x01\x02\x03", 6), used);
    ASSERT_NE(v.get(-2), nullptr);
    EXPECT_EQ(v.get(-2)->data, std::string("\x01\x02\x03"));
}

}  // namespace
