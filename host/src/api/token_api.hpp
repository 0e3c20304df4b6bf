// A user's own API keys: /api/token/ list, search, get, create, update, delete, batch delete,
// and POST /api/token/:id/key to reveal one key.
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::api {

void register_token_api(http::Router& router, AppContext& ctx);

}  // namespace gw::api
