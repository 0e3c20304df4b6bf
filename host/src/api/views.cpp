#include "api/views.hpp"

#include "common/json_bounded.hpp"

namespace gw::api {

std::string mask_key(const std::string& key) {
    if (key.empty()) return "";
    if (key.size() <= 4) return std::string(key.size(), '*');
    if (key.size() <= 8) return key.substr(0, 2) + "****" + key.substr(key.size() - 2);
    return key.substr(0, 4) + "**********" + key.substr(key.size() - 4);
}

nlohmann::json user_json(const store::User& u) {
    return {{"id", u.id},
            {"username", u.username},
            {"display_name", u.display_name},
            {"role", u.role},
            {"status", u.status},
            {"email", u.email},
            {"github_id", u.github_id},
            {"discord_id", u.discord_id},
            {"oidc_id", u.oidc_id},
            {"wechat_id", u.wechat_id},
            {"telegram_id", u.telegram_id},
            {"linux_do_id", u.linux_do_id},
            {"quota", u.quota},
            {"used_quota", u.used_quota},
            {"request_count", u.request_count},
            {"group", u.group},
            {"aff_code", u.aff_code.value_or("")},
            {"aff_count", u.aff_count},
            {"aff_quota", u.aff_quota},
            {"aff_history_quota", u.aff_history},
            {"inviter_id", u.inviter_id},
            {"setting", u.setting},
            {"remark", u.remark},
            {"stripe_customer", u.stripe_customer},
            {"created_at", u.created_at},
            {"last_login_at", u.last_login_at}};
}

nlohmann::json token_json(const store::Token& t, bool reveal_key) {
    return {{"id", t.id},
            {"user_id", t.user_id},
            {"key", reveal_key ? t.key : mask_key(t.key)},
            {"status", t.status},
            {"name", t.name},
            {"created_time", t.created_time},
            {"accessed_time", t.accessed_time},
            {"expired_time", t.expired_time},
            {"remain_quota", t.remain_quota},
            {"unlimited_quota", t.unlimited_quota},
            {"model_limits_enabled", t.model_limits_enabled},
            {"model_limits", t.model_limits},
            {"allow_ips", t.allow_ips},
            {"used_quota", t.used_quota},
            {"group", t.group},
            {"cross_group_retry", t.cross_group_retry}};
}

nlohmann::json channel_json(const store::Channel& c) {
    auto info = parse_json(c.channel_info.empty() ? "{}" : c.channel_info);
    return {{"id", c.id},
            {"type", c.type},
            {"key", ""},
            {"openai_organization", c.openai_organization},
            {"test_model", c.test_model},
            {"status", c.status},
            {"name", c.name},
            {"weight", c.weight},
            {"created_time", c.created_time},
            {"test_time", c.test_time},
            {"response_time", c.response_time},
            {"base_url", c.base_url},
            {"other", c.other},
            {"balance", c.balance},
            {"balance_updated_time", c.balance_updated_time},
            {"models", c.models},
            {"group", c.group},
            {"used_quota", c.used_quota},
            {"model_mapping", c.model_mapping},
            {"status_code_mapping", c.status_code_mapping},
            {"priority", c.priority},
            {"auto_ban", c.auto_ban},
            {"other_info", c.other_info},
            {"tag", c.tag},
            {"setting", c.setting},
            {"param_override", c.param_override},
            {"header_override", c.header_override},
            {"remark", c.remark},
            {"channel_info", info.is_discarded() ? nlohmann::json::object() : info},
            {"settings", c.settings}};
}

nlohmann::json log_json(const store::Log& l) {
    return {{"id", l.id},
            {"user_id", l.user_id},
            {"created_at", l.created_at},
            {"type", l.type},
            {"content", l.content},
            {"username", l.username},
            {"token_name", l.token_name},
            {"model_name", l.model_name},
            {"quota", l.quota},
            {"prompt_tokens", l.prompt_tokens},
            {"completion_tokens", l.completion_tokens},
            {"use_time", l.use_time},
            {"is_stream", l.is_stream},
            {"channel", l.channel_id},
            {"token_id", l.token_id},
            {"group", l.group},
            {"ip", l.ip},
            {"request_id", l.request_id},
            {"other", l.other}};
}

nlohmann::json redemption_json(const store::Redemption& r) {
    return {{"id", r.id},
            {"user_id", r.user_id},
            {"key", r.key},
            {"status", r.status},
            {"name", r.name},
            {"quota", r.quota},
            {"created_time", r.created_time},
            {"redeemed_time", r.redeemed_time},
            {"used_user_id", r.used_user_id},
            {"expired_time", r.expired_time}};
}

nlohmann::json quota_data_json(const store::QuotaData& q) {
    return {{"id", q.id},
            {"user_id", q.user_id},
            {"username", q.username},
            {"model_name", q.model_name},
            {"created_at", q.created_at},
            {"token_used", q.token_used},
            {"count", q.count},
            {"quota", q.quota}};
}

}  // namespace gw::api
