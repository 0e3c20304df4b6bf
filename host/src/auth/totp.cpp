#include "auth/totp.hpp"

#include "auth/signed_token.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>
#include <cctype>
#include <stdexcept>

namespace gw::auth {
namespace {

constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::string random_bytes(size_t n) {
    std::string out(n, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
        throw std::runtime_error("no randomness available");
    return out;
}

std::string base32(const std::string& bytes) {
    std::string out;
    uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char c : bytes) {
        buffer = (buffer << 8) | c;
        for (bits += 8; bits >= 5; bits -= 5) out += kBase32[(buffer >> (bits - 5)) & 31];
    }
    if (bits > 0) out += kBase32[(buffer << (5 - bits)) & 31];
    return out;
}

std::optional<std::string> unbase32(std::string_view text) {
    std::string out;
    uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        if (c == '=' || c == ' ') continue;
        size_t v = kBase32.find(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
        if (v == std::string_view::npos) return std::nullopt;
        buffer = (buffer << 5) | static_cast<uint32_t>(v);
        if ((bits += 5) >= 8) out += static_cast<char>((buffer >> (bits -= 8)) & 0xff);
    }
    return out;
}

}  // namespace

std::string new_totp_secret() {
    return base32(random_bytes(20));
}

std::optional<std::string> hotp(std::string_view base32_secret, uint64_t counter, int digits) {
    auto key = unbase32(base32_secret);
    if (!key || key->empty() || digits < 1 || digits > 9) return std::nullopt;
    std::array<unsigned char, 8> msg{};
    for (int i = 7; i >= 0; --i, counter >>= 8) msg[static_cast<size_t>(i)] = counter & 0xff;
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    HMAC(EVP_sha1(), key->data(), static_cast<int>(key->size()), msg.data(), msg.size(), mac, &n);
    unsigned offset = mac[n - 1] & 0x0f;
    uint32_t value = (static_cast<uint32_t>(mac[offset] & 0x7f) << 24) |
                     (static_cast<uint32_t>(mac[offset + 1]) << 16) | (static_cast<uint32_t>(mac[offset + 2]) << 8) |
                     mac[offset + 3];
    uint32_t modulo = 1;
    for (int i = 0; i < digits; ++i) modulo *= 10;
    std::string code = std::to_string(value % modulo);
    return std::string(static_cast<size_t>(digits) - code.size(), '0') + code;
}

std::optional<int64_t> totp_step(std::string_view base32_secret, std::string_view code, int64_t now) {
    if (code.size() != 6) return std::nullopt;
    int64_t current = now / kTotpStepSeconds;
    for (int64_t step : {current, current - 1, current + 1}) {
        auto expected = hotp(base32_secret, static_cast<uint64_t>(step));
        if (expected && same_secret(*expected, std::string(code))) return step;
    }
    return std::nullopt;
}

std::string totp_uri(const std::string& secret, const std::string& account, const std::string& issuer) {
    return "otpauth://totp/" + issuer + ":" + account + "?secret=" + secret + "&issuer=" + issuer +
           "&digits=6&period=30";
}

std::vector<std::string> new_backup_codes(size_t count) {
    constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::vector<std::string> codes;
    while (codes.size() < count) {
        std::string code;
        for (unsigned char b : random_bytes(32)) {
            if (b >= 252) continue;  // 252 = 7 × 36: no modulo bias
            code += alphabet[b % alphabet.size()];
            if (code.size() == 4) code += '-';
            if (code.size() == 9) break;
        }
        if (code.size() == 9) codes.push_back(code);
    }
    return codes;
}

std::optional<std::string> normalize_backup_code(std::string_view code) {
    std::string clean;
    for (char c : code) {
        if (c == '-') continue;
        char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (!std::isalnum(static_cast<unsigned char>(u)) || clean.size() == 8) return std::nullopt;
        clean += u;
    }
    if (clean.size() != 8) return std::nullopt;
    return clean.substr(0, 4) + "-" + clean.substr(4);
}

}  // namespace gw::auth
