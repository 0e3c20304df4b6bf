// Signing in with an account of another service (OAuth providers, Telegram, WeChat): the user
// bound to it signs in, a new one is made when registration allows it, and a signed-in user
// binds it. An account id is bound to one user at most.
#pragma once

#include "app/context.hpp"
#include "http/responder.hpp"
#include "oauth/provider.hpp"
#include "store/entities.hpp"

#include <string>

namespace gw::api {

struct ExternalAccount {
    std::string column;  // users.<column> holds the id (built-in services)
    std::string name;    // "GitHub", in messages
    std::string prefix;  // usernames of users made for it: <prefix><number>
    oauth::Identity identity;
    int64_t provider_id = 0;  // a custom provider: the id is bound in user_oauth_bindings instead
};

enum class SignUp { allowed, refused };

// Every answer carries `headers` (the cleared sign-in cookie).
void login_external(AppContext& ctx, const ExternalAccount& account, const std::string& aff, SignUp sign_up,
                    const http::Responder& res, const http::HeaderList& headers = {});
// Binds the account to `me`: "" when done, else why not.
std::string bind_account(AppContext& ctx, const store::User& me, const ExternalAccount& account);
void bind_external(AppContext& ctx, const store::User& me, const ExternalAccount& account, const http::Responder& res,
                   const http::HeaderList& headers = {});

}  // namespace gw::api
