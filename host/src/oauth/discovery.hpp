// OpenID Connect discovery: the issuer's well-known document fills the endpoints an operator
// left empty, and says whether PKCE (S256) is offered. Documents are kept an hour.
#pragma once

#include "oauth/provider.hpp"

#include <nlohmann/json_fwd.hpp>

namespace gw::upstream {
class HttpClient;
}

namespace gw::oauth {

// Completes `p` from its discovery document when it has one; throws OAuthError when the
// document cannot be read and endpoints are still missing.
void discover(upstream::HttpClient& http, Provider& p);
// The document itself (an object); throws OAuthError when it cannot be read.
nlohmann::json discovery_document(upstream::HttpClient& http, const std::string& url);

}  // namespace gw::oauth
