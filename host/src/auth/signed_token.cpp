#include "auth/signed_token.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>

#include <sstream>

namespace gw::auth {
namespace {

std::string b64url(const std::string& in) {
    std::ostringstream os;
    Poco::Base64Encoder enc(os, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    enc.rdbuf()->setLineLength(0);
    enc << in;
    enc.close();
    return os.str();
}

std::string unb64url(const std::string& in) {
    std::istringstream is(in);
    Poco::Base64Decoder dec(is, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    return std::string((std::istreambuf_iterator<char>(dec)), std::istreambuf_iterator<char>());
}

std::string sign(const std::string& payload, const std::string& secret) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), mac, &n);
    return b64url(std::string(reinterpret_cast<char*>(mac), n));
}

}  // namespace

bool same_secret(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    unsigned char d = 0;
    for (size_t i = 0; i < a.size(); ++i) d |= static_cast<unsigned char>(a[i] ^ b[i]);
    return d == 0;
}

std::string seal(const std::string& payload, const std::string& secret) {
    std::string body = b64url(payload);
    return body + "." + sign(body, secret);
}

std::optional<std::string> unseal(const std::string& token, const std::string& secret) {
    size_t dot = token.find('.');
    if (dot == std::string::npos) return std::nullopt;
    std::string body = token.substr(0, dot);
    if (!same_secret(sign(body, secret), token.substr(dot + 1))) return std::nullopt;
    try {
        return unb64url(body);
    } catch (...) {
        return std::nullopt;
    }
}

}  // namespace gw::auth
