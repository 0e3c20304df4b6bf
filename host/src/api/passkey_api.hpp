// Passkeys as New API routes them: /api/user/passkey/{register,login,verify}/{begin,finish},
// GET and DELETE /api/user/passkey, and the admin's DELETE /api/user/:id/reset_passkey. Options
// follow WebAuthn's JSON (base64url binary); the ceremony's challenge travels in a signed flow
// token (data.flow_token, also set as a cookie) that finishes one ceremony only. Settings are New
// API's passkey.* options; the RP ID and origin default to the console's address.
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::api {

void register_passkey_api(http::Router& router, AppContext& ctx);

}  // namespace gw::api
