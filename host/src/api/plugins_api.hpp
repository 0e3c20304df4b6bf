// GET /api/plugins (admin): loaded plugins with what they provide, refused ones with reasons.
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::api {

void register_plugins_api(http::Router& router, AppContext& ctx);

}  // namespace gw::api
