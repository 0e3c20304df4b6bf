// An operator's own OAuth providers, as New API manages them: CRUD at /api/custom-oauth-provider/
// (root; the client secret is never shown), POST .../discovery to read an issuer's well-known
// document, and the accounts bound through them: GET/DELETE /api/user/oauth/bindings[/:provider_id]
// for the user, /api/user/:id/oauth/bindings[/:provider_id] for an admin. Sign-in through them
// goes through /api/oauth/state and /api/oauth/<slug> like the built-in ones.
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

#include <nlohmann/json_fwd.hpp>

namespace gw::upstream {
class HttpClient;
}

namespace gw::api {

// The enabled providers as /api/status lists them for the login page.
nlohmann::json custom_providers_for_status(AppContext& ctx);

void register_custom_oauth_api(http::Router& router, AppContext& ctx, upstream::HttpClient& http);

}  // namespace gw::api
