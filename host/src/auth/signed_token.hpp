// Tamper-evident tokens: a base64url payload and its HMAC-SHA256 under the server's secret, so
// any node sharing the secret can read what another node issued (session cookies, sign-in flows).
#pragma once

#include <optional>
#include <string>

namespace gw::auth {

std::string seal(const std::string& payload, const std::string& secret);
// The payload, or nullopt when the signature does not match.
std::optional<std::string> unseal(const std::string& token, const std::string& secret);
// Equal-time comparison for secrets and signatures.
bool same_secret(const std::string& a, const std::string& b);

}  // namespace gw::auth
