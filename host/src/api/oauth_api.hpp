// Third-party sign-in as New API routes it: GET /api/oauth/state (a state, and with ?provider=
// the whole authorize URL, PKCE and nonce included), the providers' callbacks GET
// /api/oauth/{github,discord,linuxdo,oidc} (sign in, sign up, or bind for a signed-in user), and
// the admin's DELETE /api/user/:id/bindings/:binding_type.
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::upstream {
class HttpClient;
}

namespace gw::api {

void register_oauth_api(http::Router& router, AppContext& ctx, upstream::HttpClient& http);

}  // namespace gw::api
