// PUT /api/user/setting, as New API: how quota warnings reach the user (e-mail, webhook, Bark,
// Gotify) and below which balance, plus accept_unset_model_ratio_model and record_ip_log. Other
// keys of the user's setting (language, sidebar modules) are kept.
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::api {

void register_user_setting_api(http::Router& router, AppContext& ctx);

}  // namespace gw::api
