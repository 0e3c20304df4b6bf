#include "auth/session.hpp"

#include "auth/signed_token.hpp"

#include <nlohmann/json.hpp>

namespace gw::auth {

std::string encode_session(const Session& s, const std::string& secret) {
    nlohmann::json j = {
        {"id", s.user_id}, {"username", s.username}, {"role", s.role}, {"exp", s.expires}, {"sid", s.id}};
    return seal(j.dump(), secret);
}

std::optional<Session> decode_session(const std::string& cookie, const std::string& secret, int64_t now) {
    auto payload = unseal(cookie, secret);
    if (!payload) return std::nullopt;
    try {
        auto j = nlohmann::json::parse(*payload);
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
