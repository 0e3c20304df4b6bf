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
        {"discord_client_id", o.str("discord.client_id")},
        {"linuxdo_oauth", o.flag("LinuxDOOAuthEnabled")},
        {"linuxdo_client_id", o.str("LinuxDOClientId")},
        {"linuxdo_minimum_trust_level", static_cast<int64_t>(o.number("LinuxDOMinimumTrustLevel"))},
        {"telegram_oauth", o.flag("TelegramOAuthEnabled")},
        {"telegram_bot_name", o.str("TelegramBotName")},
        {"oidc_enabled", o.flag("oidc.enabled")},
        {"oidc_client_id", o.str("oidc.client_id")},
        {"oidc_authorization_endpoint", o.str("oidc.authorization_endpoint")},
        {"wechat_login", o.flag("WeChatAuthEnabled")},
        {"wechat_qrcode", o.str("WeChatAccountQRCodeImageURL")},
        {"turnstile_check", o.flag("TurnstileCheckEnabled")},
        {"passkey_login", o.flag("passkey.enabled")},
        {"passkey_display_name", o.str("passkey.rp_display_name")},
        {"passkey_rp_id", o.str("passkey.rp_id")},
        {"passkey_origins", o.str("passkey.origins")},
        {"passkey_allow_insecure", o.flag("passkey.allow_insecure_origin")},
        {"passkey_user_verification", o.str("passkey.user_verification")},
        {"passkey_attachment", o.str("passkey.attachment_preference")},
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
        {"custom_currency_symbol", o.str("general_setting.custom_currency_symbol")},
        {"custom_currency_exchange_rate", o.number("general_setting.custom_currency_exchange_rate")},
        {"mj_notify_enabled", o.flag("MjNotifyEnabled")},
        {"stripe_unit_price", o.number("StripeUnitPrice")},
        {"register_enabled", o.flag("RegisterEnabled")},
        {"password_login_enabled", o.flag("PasswordLoginEnabled")},
        {"password_register_enabled", o.flag("PasswordRegisterEnabled")},
        {"checkin_enabled", o.flag("checkin_setting.enabled")},
        {"user_agreement_enabled", !o.str("legal.user_agreement").empty()},
        {"privacy_policy_enabled", !o.str("legal.privacy_policy").empty()},
        {"HeaderNavModules", o.str("HeaderNavModules")},
        {"SidebarModulesAdmin", o.str("SidebarModulesAdmin")},
    };
}

// The console's panels, and their contents when enabled (as New API).
void add_console_panels(nlohmann::json& data, const Options& o) {
    for (const char* panel : {"api_info", "uptime_kuma", "announcements", "faq"})
        data[std::string(panel) + "_enabled"] = o.flag(std::string("console_setting.") + panel + "_enabled");
    for (const char* content : {"api_info", "announcements", "faq"})
        if (o.flag(std::string("console_setting.") + content + "_enabled"))
            data[content] = parse_or(o.str(std::string("console_setting.") + content), nlohmann::json::array());
}

}  // namespace

void register_status_api(http::Router& router, AppContext& ctx) {
    router.get("/api/status", [&ctx](http::HttpRequest&, const http::Responder& res) {
        nlohmann::json data = status_data(ctx);
        add_console_panels(data, Options(ctx.cache));
        reply_data(res, data);
    });
    router.get("/api/notice", [&ctx](http::HttpRequest&, const http::Responder& res) {
        reply_data(res, Options(ctx.cache).str("Notice"));
    });
}

}  // namespace gw::api
