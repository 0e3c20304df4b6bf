// Secure verification, as New API has it: POST /api/verify proves a second factor (a TOTP or
// backup code, or a passkey assertion just made) and answers a proof for one scope
// ("channel.key.read", "passkey.register", "passkey.delete"), good for five minutes. A sensitive
// route takes it from the X-Security-Proof header or, for consoles that keep it in the session,
// from the secure_verified cookie set alongside.
#pragma once

#include "app/context.hpp"
#include "http/request.hpp"
#include "http/responder.hpp"
#include "http/router.hpp"
#include "store/entities.hpp"

#include <string>

namespace gw::api {

inline constexpr const char* kScopeChannelKeyRead = "channel.key.read";

// Answers {proof_token, expires_at, method, scope} with the cookie alongside (and `headers`).
void reply_proof(AppContext& ctx, const store::User& me, const std::string& method, const std::string& scope,
                 const http::Responder& res, const std::string& message, http::HeaderList headers = {});
// The Set-Cookie value marking a passkey assertion of `me` as just made (for /api/verify).
std::string passkey_ready_cookie(AppContext& ctx, const store::User& me);
// Whether the request carries a live proof of `scope` for `me`; answers 403 when it does not.
bool require_proof(AppContext& ctx, const store::User& me, const std::string& scope, const http::HttpRequest& req,
                   const http::Responder& res);

void register_security_proof_api(http::Router& router, AppContext& ctx);

}  // namespace gw::api
