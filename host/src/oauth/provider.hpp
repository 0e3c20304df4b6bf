// The sign-in services New API has built in (GitHub, Discord, Linux DO, OpenID Connect): where
// their endpoints are, how each wants the client authenticated, and which users column holds
// the account id they vouch for. Settings come from New API's options; the fixed endpoints can
// be moved with environment variables (LINUX_DO_TOKEN_ENDPOINT as New API, and GITHUB_/DISCORD_
// TOKEN_ENDPOINT / USER_ENDPOINT / AUTHORIZE_ENDPOINT alike).
#pragma once

#include "app/option_defaults.hpp"
#include "store/entities.hpp"

#include <optional>
#include <string>

namespace gw::oauth {

enum class ClientAuth { json_body, form_body, basic };

struct Provider {
    std::string slug;         // the callback route /api/oauth/<slug>
    std::string name;         // in messages
    std::string prefix;       // usernames made for new users: <prefix><number>
    std::string user_column;  // users.<column> holds the account id
    bool enabled = false;
    std::string client_id, client_secret;
    std::string authorize_url, token_url, userinfo_url, scope;
    std::string discovery_url;  // OIDC's well-known document, read when endpoints are missing
    ClientAuth auth = ClientAuth::form_body;
    bool send_redirect_uri = true;
    bool pkce = false;   // S256 code challenge (OIDC, when the issuer offers it)
    bool nonce = false;  // an id_token must carry the nonce we sent
    int min_trust_level = 0;
    // An operator's own provider: accounts bound in user_oauth_bindings under this id, the user
    // read from its info by these dotted paths, then held to its access policy.
    int64_t custom_id = 0;
    std::string id_field, username_field, display_name_field, email_field;
    std::string access_policy, denied_message;
};

// The built-in provider named `slug` with its current settings; nullopt when there is none.
std::optional<Provider> builtin_provider(const std::string& slug, const Options& options);
// A custom provider's row as a provider.
Provider custom_provider(const store::CustomOAuthProvider& row);

// The account a provider vouched for.
struct Identity {
    std::string id, username, display_name, email;
    std::string legacy_id;  // GitHub's login, which older databases stored as github_id
};

}  // namespace gw::oauth
