// GET /api/plugins (admin): loaded plugins with what they provide, refused ones with reasons,
// disabled ones. POST /api/plugins/reload rescans the folder at once; POST
// /api/plugins/{id}/disable and /enable switch a plugin off and on (kept in the PluginsDisabled
// option, so it holds across restarts and nodes).
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::api {

void register_plugins_api(http::Router& router, AppContext& ctx);

}  // namespace gw::api
