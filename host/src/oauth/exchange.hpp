// The back-channel half of an authorization-code sign-in: the code exchanged for tokens at the
// provider, then the account read from its userinfo endpoint, through the gateway's own
// outbound client. Blocks the calling worker; never call it on a reactor thread.
#pragma once

#include "oauth/provider.hpp"

#include <stdexcept>
#include <string>

namespace gw::upstream {
class HttpClient;
}

namespace gw::oauth {

// A refusal to show the user as it is (the provider said no, or answered nonsense).
class OAuthError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Attempt {
    std::string code;
    std::string redirect_uri;   // exactly as sent to the authorize endpoint
    std::string code_verifier;  // PKCE; empty when no challenge was sent
    std::string nonce;          // OIDC; empty when none was sent
};

Identity sign_in_with(upstream::HttpClient& http, const Provider& p, const Attempt& attempt, int64_t now);

}  // namespace gw::oauth
