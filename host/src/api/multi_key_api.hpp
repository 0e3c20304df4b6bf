// POST /api/channel/multi_key/manage: a multi-key channel's keys, one by one (New API's actions:
// get_key_status, enable_key, disable_key, enable_all_keys, disable_all_keys, delete_key,
// delete_disabled_keys).
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::api {

void register_multi_key_api(http::Router& router, AppContext& ctx);

}  // namespace gw::api
