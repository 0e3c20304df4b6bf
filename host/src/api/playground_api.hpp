// POST /pg/chat/completions: the console's playground, as New API serves it. The caller signs
// in with the console session (an access token is refused); the request is relayed as a chat
// completion under a temporary token "playground-<group>" of that user (no token balance, id 0),
// in the body's "group" when the user may use it, else the user's own group.
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::relay {
struct RelayServices;
}

namespace gw::api {

void register_playground_api(http::Router& router, AppContext& ctx, relay::RelayServices& relay);

}  // namespace gw::api
