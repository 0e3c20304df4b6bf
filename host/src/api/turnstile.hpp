// Cloudflare Turnstile in front of the routes New API protects with it (register, login, the
// e-mail code and reset mails, check-in) while TurnstileCheckEnabled: the widget's token comes as
// ?turnstile= and is checked with TurnstileSecretKey at the siteverify endpoint
// (TURNSTILE_VERIFY_ENDPOINT moves it) before the route runs. Each request brings a fresh token.
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::upstream {
class HttpClient;
}

namespace gw::api {

void require_turnstile(http::Router& router, AppContext& ctx, upstream::HttpClient& http);

}  // namespace gw::api
