// A sign-in begun at /api/oauth/state and finished at the provider's callback: the state the
// callback must bring back, and what the finish needs (the inviter's code, the redirect URI, the
// PKCE verifier, the OIDC nonce). It travels in a signed, short-lived cookie of its own.
#pragma once

#include "oauth/provider.hpp"

#include <optional>
#include <string>

namespace gw::oauth {

struct Pending {
    std::string state;     // 12 random characters, as New API
    std::string provider;  // empty: a console that builds the authorize URL itself
    std::string aff;
    std::string redirect_uri;
    std::string verifier;
    std::string nonce;
};

Pending begin(const std::string& aff);
// Adds what `p` needs (redirect URI, PKCE verifier, nonce) for a sign-in we lead.
void prepare_for(Pending& pending, const Provider& p, const std::string& redirect_uri);
std::string authorize_url(const Provider& p, const Pending& pending);

std::string encode_pending(const Pending& pending);
std::optional<Pending> decode_pending(const std::string& text);

}  // namespace gw::oauth
