// The OpenAI-compatible relay routes: /v1/chat/completions, /v1/completions, /v1/embeddings,
// /v1/moderations, /v1/responses, and the model list /v1/models.
#pragma once

#include "http/router.hpp"
#include "relay/relay_session.hpp"

namespace gw::relay {

void register_relay_api(http::Router& router, RelayServices& services);

}  // namespace gw::relay
