// Channels (admin): list, search, get, create (single, batch, multi-key), update, delete, delete
// disabled, batch delete, tag operations, copy, the model catalogue, and channel tests.
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::api {

void register_channel_api(http::Router& router, AppContext& ctx);

}  // namespace gw::api
