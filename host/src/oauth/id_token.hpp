// The checks an OpenID Connect id_token gets when it comes straight from the token endpoint over
// TLS (OIDC Core 3.1.3.7: TLS stands in for its signature there): our nonce, our client as its
// audience, not expired, and the same subject the userinfo endpoint names.
#pragma once

#include <cstdint>
#include <string>

namespace gw::oauth {

// "" when the token passes, else what is wrong with it.
std::string check_id_token(const std::string& id_token, const std::string& client_id, const std::string& nonce,
                           const std::string& subject, int64_t now);

}  // namespace gw::oauth
