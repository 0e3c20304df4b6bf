#include "auth/signed_token.hpp"

#include "common/base64.hpp"
#include "common/digest.hpp"

namespace gw::auth {
namespace {

std::string sign(const std::string& payload, const std::string& secret) {
    return base64_encode(hmac_sha256(secret, payload), true);
}

}  // namespace

bool same_secret(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    unsigned char d = 0;
    for (size_t i = 0; i < a.size(); ++i) d |= static_cast<unsigned char>(a[i] ^ b[i]);
    return d == 0;
}

std::string seal(const std::string& payload, const std::string& secret) {
    std::string body = base64_encode(payload, true);
    return body + "." + sign(body, secret);
}

std::optional<std::string> unseal(const std::string& token, const std::string& secret) {
    size_t dot = token.find('.');
    if (dot == std::string::npos) return std::nullopt;
    std::string body = token.substr(0, dot);
    if (!same_secret(sign(body, secret), token.substr(dot + 1))) return std::nullopt;
    try {
        return base64_decode(body);
    } catch (...) {
        return std::nullopt;
    }
}

}  // namespace gw::auth
