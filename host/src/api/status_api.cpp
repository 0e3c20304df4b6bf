#include "api/status_api.hpp"

#include "api/custom_oauth_api.hpp"
#include "api/reply.hpp"
#include "app/option_defaults.hpp"
#include "app/version.hpp"
#include "common/json_bounded.hpp"
#include "store/cache.hpp"

#include <nlohmann/json.hpp>

namespace gw::api {
namespace {

nlohmann::json parse_or(const std::string& text, nlohmann::json fallback) {
    auto v = parse_json(text);
    return v.is_discarded() ? fallback : v;
}

nlohmann::json status_data(AppContext& ctx) {
    Options o(ctx.cache);
    return {
        {"version", kVersion},
        {"start_time", ctx.start_time},
        {"system_name", o.str("SystemName")},
        {"logo", o.str("Logo")},
        {"footer_html", o.str("Footer")},
        {"server_address", o.str("ServerAddress")},
        {"quota_per_unit", static_cast<int64_t>(o.number("QuotaPerUnit"))},
        {"display_in_currency", o.str("general_setting.quota_display_type") != "TOKENS"},
        {"quota_display_type", o.str("general_setting.quota_display_type")},
        {"usd_exchange_rate", o.number("USDExchangeRate")},
        {"price", o.number("Price")},
        {"top_up_link", o.str("TopUpLink")},
        {"docs_link", o.str("general_setting.docs_link")},
        {"email_verification", o.flag("EmailVerificationEnabled")},
        {"github_oauth", o.flag("GitHubOAuthEnabled")},
        {"github_client_id", o.str("GitHubClientId")},
        {"discord_oauth", o.flag("discord.enabled")},
        {"linuxdo_oauth", o.flag("LinuxDOOAuthEnabled")},
        {"telegram_oauth", o.flag("TelegramOAuthEnabled")},
        {"telegram_bot_name", o.str("TelegramBotName")},
        {"oidc_enabled", o.flag("oidc.enabled")},
        {"wechat_login", o.flag("WeChatAuthEnabled")},
        {"turnstile_check", o.flag("TurnstileCheckEnabled")},
        {"passkey_login", o.flag("passkey.enabled")},
        {"custom_oauth_providers", custom_providers_for_status(ctx)},
        {"turnstile_site_key", o.str("TurnstileSiteKey")},
        {"enable_batch_update", o.flag("BatchUpdateEnabled")},
        {"enable_drawing", o.flag("DrawingEnabled")},
        {"enable_task", o.flag("TaskEnabled")},
        {"enable_data_export", o.flag("DataExportEnabled")},
        {"data_export_default_time", o.str("DataExportDefaultTime")},
        {"default_collapse_sidebar", o.flag("DefaultCollapseSidebar")},
        {"demo_site_enabled", o.flag("DemoSiteEnabled")},
        {"self_use_mode_enabled", o.flag("SelfUseModeEnabled")},
        {"default_use_auto_group", o.flag("DefaultUseAutoGroup")},
        {"chats", parse_or(o.str("Chats"), nlohmann::json::array())},
        {"setup", o.setup_done()},
    };
}

}  // namespace

void register_status_api(http::Router& router, AppContext& ctx) {
    router.get("/api/status",
               [&ctx](http::HttpRequest&, const http::Responder& res) { reply_data(res, status_data(ctx)); });
    router.get("/api/notice", [&ctx](http::HttpRequest&, const http::Responder& res) {
        reply_data(res, Options(ctx.cache).str("Notice"));
    });
}

}  // namespace gw::api
