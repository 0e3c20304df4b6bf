// The OpenAI-compatible relay routes: /v1/chat/completions, /v1/completions, /v1/embeddings,
// /v1/moderations, /v1/responses, and the model list /v1/models.
#pragma once

#include "http/router.hpp"
#include "relay/relay_session.hpp"

namespace gw::relay {

void register_relay_api(http::Router& router, RelayServices& services);

// Relays an OpenAI chat completion for a caller authenticated some other way (the playground).
void relay_chat_as(RelayServices& services, KeyAuth auth, http::HttpRequest& req, const http::Responder& res);

}  // namespace gw::relay
