// Signed session cookies: the payload is HMAC-SHA256-signed with SESSION_SECRET, so any node
// sharing the secret accepts a session another node issued, while the session it names is still
// held in the database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace gw::auth {

inline constexpr const char* kSessionCookie = "session";
inline constexpr int64_t kSessionSeconds = 30LL * 24 * 3600;

struct Session {
    int64_t user_id = 0;
    std::string username;
    int role = 0;
    int64_t expires = 0;  // unix seconds
    std::string id;       // the server-side session (store/session_repo.hpp); ended sessions are refused
};

std::string encode_session(const Session& s, const std::string& secret);
// nullopt when the signature does not match or the session expired.
std::optional<Session> decode_session(const std::string& cookie, const std::string& secret, int64_t now);
// The Set-Cookie header value (HttpOnly, SameSite=Strict, 30 days); empty value clears it.
std::string session_cookie_header(const std::string& value);

}  // namespace gw::auth
