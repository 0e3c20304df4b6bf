#include "auth/session.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <nlohmann/json.hpp>

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
    std::string out((std::istreambuf_iterator<char>(dec)), std::istreambuf_iterator<char>());
    return out;
}

std::string sign(const std::string& payload, const std::string& secret) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), mac, &n);
    return b64url(std::string(reinterpret_cast<char*>(mac), n));
}

bool same(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    unsigned char d = 0;
    for (size_t i = 0; i < a.size(); ++i) d |= static_cast<unsigned char>(a[i] ^ b[i]);
    return d == 0;
}

}  // namespace

std::string encode_session(const Session& s, const std::string& secret) {
    nlohmann::json j = {
        {"id", s.user_id}, {"username", s.username}, {"role", s.role}, {"exp", s.expires}, {"sid", s.id}};
    std::string payload = b64url(j.dump());
    return payload + "." + sign(payload, secret);
}

std::optional<Session> decode_session(const std::string& cookie, const std::string& secret, int64_t now) {
    size_t dot = cookie.find('.');
    if (dot == std::string::npos) return std::nullopt;
    std::string payload = cookie.substr(0, dot);
    if (!same(sign(payload, secret), cookie.substr(dot + 1))) return std::nullopt;
    try {
        auto j = nlohmann::json::parse(unb64url(payload));
        Session s{j.at("id").get<int64_t>(), j.at("username").get<std::string>(), j.at("role").get<int>(),
                  j.at("exp").get<int64_t>(), j.value("sid", std::string())};
        if (s.expires < now) return std::nullopt;
        return s;
    } catch (...) {
        return std::nullopt;
    }
}

std::string session_cookie_header(const std::string& value) {
    std::string max_age = value.empty() ? "0" : std::to_string(kSessionSeconds);
    return std::string(kSessionCookie) + "=" + value + "; Path=/; Max-Age=" + max_age + "; HttpOnly; SameSite=Strict";
}

}  // namespace gw::auth
