// GET /v1/realtime: OpenAI's Realtime API over a WebSocket. The key comes from Authorization or,
// as browsers must send it, the "openai-insecure-api-key.<key>" subprotocol; the model from
// ?model=. The channel's provider (capability "realtime") describes the upstream socket; client
// and upstream messages are relayed both ways, each response.done's usage is billed as it arrives
// (audio at AudioRatio × AudioCompletionRatio), and a balance that runs out ends the session.
#pragma once

#include "http/router.hpp"

namespace gw::relay {

struct RelayServices;

void register_realtime(http::Router& router, RelayServices& services);

}  // namespace gw::relay
