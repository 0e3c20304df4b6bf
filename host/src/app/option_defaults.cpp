#include "app/option_defaults.hpp"

#include "billing/default_prices.hpp"
#include "common/json_bounded.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>

namespace gw {

const std::map<std::string, std::string>& option_defaults() {
    static const std::map<std::string, std::string> defaults = {
        {"SystemName", "New API"},
        {"Logo", ""},
        {"Footer", ""},
        {"ServerAddress", ""},
        {"QuotaPerUnit", "500000"},
        {"USDExchangeRate", "7.3"},
        {"Price", "7.3"},
        {"TopUpLink", ""},
        {"PayAddress", ""},
        {"CustomCallbackAddress", ""},
        {"EpayId", ""},
        {"EpayKey", ""},
        {"PayMethods", R"js([{"name":"支付宝","color":"rgba(var(--semi-blue-5), 1)","type":"alipay"},)js"
                       R"js({"name":"微信","color":"rgba(var(--semi-green-5), 1)","type":"wxpay"}])js"},
        {"MinTopUp", "1"},
        {"TopupGroupRatio", R"({"default":1,"vip":1,"svip":1})"},
        {"payment_setting.amount_options", "[10,20,50,100,200,500]"},
        {"payment_setting.amount_discount", "{}"},
        {"StripeApiSecret", ""},
        {"StripeWebhookSecret", ""},
        {"StripePriceId", ""},
        {"StripeUnitPrice", "8.0"},
        {"StripeMinTopUp", "1"},
        {"StripePromotionCodesEnabled", "false"},
        {"checkin_setting.enabled", "false"},
        {"checkin_setting.min_quota", "1000"},
        {"checkin_setting.max_quota", "10000"},
        {"general_setting.docs_link", ""},
        {"general_setting.quota_display_type", "USD"},
        {"general_setting.custom_currency_symbol", "¤"},
        {"general_setting.custom_currency_exchange_rate", "1"},
        {"console_setting.api_info_enabled", "true"},
        {"console_setting.uptime_kuma_enabled", "true"},
        {"console_setting.announcements_enabled", "true"},
        {"console_setting.faq_enabled", "true"},
        {"console_setting.api_info", "[]"},
        {"console_setting.announcements", "[]"},
        {"console_setting.faq", "[]"},
        {"HeaderNavModules", ""},
        {"SidebarModulesAdmin", ""},
        {"legal.user_agreement", ""},
        {"legal.privacy_policy", ""},
        {"About", ""},
        {"HomePageContent", ""},
        {"ExposeRatioEnabled", "false"},
        {"console_setting.uptime_kuma_groups", "[]"},
        {"EmailVerificationEnabled", "false"},
        {"EmailDomainRestrictionEnabled", "false"},
        {"EmailDomainWhitelist",
         "gmail.com,163.com,126.com,qq.com,outlook.com,hotmail.com,icloud.com,yahoo.com,foxmail.com"},
        {"EmailAliasRestrictionEnabled", "false"},
        {"SMTPServer", ""},
        {"SMTPPort", "587"},
        {"SMTPAccount", ""},
        {"SMTPFrom", ""},
        {"SMTPToken", ""},
        {"SMTPSSLEnabled", "false"},
        {"GitHubOAuthEnabled", "false"},
        {"GitHubClientId", ""},
        {"GitHubClientSecret", ""},
        {"discord.enabled", "false"},
        {"discord.client_id", ""},
        {"discord.client_secret", ""},
        {"LinuxDOOAuthEnabled", "false"},
        {"LinuxDOClientId", ""},
        {"LinuxDOClientSecret", ""},
        {"LinuxDOMinimumTrustLevel", "0"},
        {"TelegramOAuthEnabled", "false"},
        {"TelegramBotName", ""},
        {"TelegramBotToken", ""},
        {"oidc.enabled", "false"},
        {"oidc.client_id", ""},
        {"oidc.client_secret", ""},
        {"oidc.well_known", ""},
        {"oidc.authorization_endpoint", ""},
        {"oidc.token_endpoint", ""},
        {"oidc.user_info_endpoint", ""},
        {"WeChatAuthEnabled", "false"},
        {"WeChatServerAddress", ""},
        {"WeChatServerToken", ""},
        {"WeChatAccountQRCodeImageURL", ""},
        {"TurnstileCheckEnabled", "false"},
        {"TurnstileSiteKey", ""},
        {"passkey.enabled", "false"},
        {"passkey.rp_display_name", ""},
        {"passkey.rp_id", ""},
        {"passkey.origins", ""},
        {"passkey.user_verification", "preferred"},
        {"passkey.allow_insecure_origin", "false"},
        {"passkey.attachment_preference", ""},
        {"TurnstileSecretKey", ""},
        {"BatchUpdateEnabled", "false"},
        {"DrawingEnabled", "false"},
        {"TaskEnabled", "true"},
        {"DataExportEnabled", "true"},
        {"DataExportDefaultTime", "hour"},
        {"DefaultCollapseSidebar", "false"},
        {"DemoSiteEnabled", "false"},
        {"SelfUseModeEnabled", "false"},
        {"DefaultUseAutoGroup", "false"},
        {"Chats", "[]"},
        {"RegisterEnabled", "true"},
        {"PasswordLoginEnabled", "true"},
        {"PasswordRegisterEnabled", "true"},
        {"QuotaForNewUser", "0"},
        {"PreConsumedQuota", "500"},
        {"QuotaRemindThreshold", "1000"},
        {"fetch_setting.enable_ssrf_protection", "true"},
        {"fetch_setting.allow_private_ip", "false"},
        {"RetryTimes", "0"},
        {"LogConsumeEnabled", "true"},
        {"global.chat_completions_to_responses_policy", R"({"enabled":false,"all_channels":true})"},
        {"AutomaticRetryStatusCodes", "100-199,300-399,401-407,409-499,500-503,505-523,525-599"},
        {"AutomaticDisableChannelEnabled", "false"},
        {"MjNotifyEnabled", "false"},
        {"MjAccountFilterEnabled", "false"},
        {"MjModeClearEnabled", "false"},
        {"MjForwardUrlEnabled", "true"},
        {"MjActionCheckSuccessEnabled", "true"},
        {"AutomaticEnableChannelEnabled", "false"},
        {"AutomaticDisableStatusCodes", "401"},
        {"AutomaticDisableKeywords",
         "Your credit balance is too low\nThis organization has been disabled.\nYou exceeded your current "
         "quota\nPermission denied\nThe security token included in the request is invalid\nOperation not "
         "allowed\nYour account is not authorized"},
        {"ModelRequestRateLimitEnabled", "false"},
        {"ModelRequestRateLimitDurationMinutes", "1"},
        {"ModelRequestRateLimitCount", "0"},
        {"ModelRequestRateLimitSuccessCount", "1000"},
        {"ModelRequestRateLimitGroup", "{}"},
        {"TokenRateLimitRPM", "0"},
        {"TokenRateLimitTPM", "0"},
        {"TokenConcurrencyLimit", "0"},
        {"ChannelBreakerFailures", "5"},
        {"ChannelBreakerWindowSeconds", "60"},
        {"ChannelBreakerCooldownSeconds", "30"},
        {"GroupRatio", R"({"default":1,"vip":1,"svip":1})"},
        {"UserUsableGroups", R"({"default":"默认分组","vip":"vip分组"})"},
        {"GroupGroupRatio", "{}"},
        {"AutoGroups", R"(["default"])"},
    };
    return defaults;
}

// The price tables' defaults come from config/prices.json (compiled in), so the option API shows
// and edits them like any other option.
const std::map<std::string, std::string>& price_defaults() {
    static const std::map<std::string, std::string> prices = [] {
        std::map<std::string, std::string> out;
        auto j = nlohmann::json::parse(billing::default_prices_json());
        for (const char* key : {"ModelRatio", "CompletionRatio", "CacheRatio", "CreateCacheRatio", "ModelPrice",
                                "AudioRatio", "AudioCompletionRatio"})
            out[key] = j[key].dump();
        return out;
    }();
    return prices;
}

std::set<std::string> disabled_plugins(const store::Cache& cache) {
    std::set<std::string> out;
    auto list = parse_json(Options(cache).str("PluginsDisabled"));
    if (list.is_array())
        for (const auto& id : list)
            if (id.is_string()) out.insert(id.get<std::string>());
    return out;
}

std::string Options::str(const std::string& key) const {
    auto it = snapshot_->find(key);
    if (it != snapshot_->end()) return it->second;
    auto d = option_defaults().find(key);
    if (d != option_defaults().end()) return d->second;
    auto p = price_defaults().find(key);
    return p == price_defaults().end() ? std::string() : p->second;
}

double Options::number(const std::string& key) const {
    return std::strtod(str(key).c_str(), nullptr);
}

bool Options::flag(const std::string& key) const {
    return str(key) == "true";
}

}  // namespace gw
