// Sign-in through messengers, as New API has it: Telegram's login widget (GET
// /api/oauth/telegram/login and /bind; the widget's fields signed with SHA-256 of the bot token)
// and WeChat through an operator's WeChat server (GET /api/oauth/wechat?code=, and /bind).
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::upstream {
class HttpClient;
}

namespace gw::api {

void register_messenger_login_api(http::Router& router, AppContext& ctx, upstream::HttpClient& http);

}  // namespace gw::api
