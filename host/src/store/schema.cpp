#include "store/schema.hpp"

namespace gw::store {
namespace {

Column id() {
    return {"id", ColType::id, 0, "", false, false};
}
Column integer(const char* n, const char* def = "0") {
    return {n, ColType::integer, 0, def, false, false};
}
Column bigint(const char* n, const char* def = "0") {
    return {n, ColType::bigint, 0, def, false, false};
}
Column boolean(const char* n, const char* def = "false") {
    return {n, ColType::boolean, 0, def, false, false};
}
Column real(const char* n) {
    return {n, ColType::real, 0, "0", false, false};
}
Column text(const char* n) {
    return {n, ColType::text, 0, "", false, false};
}
Column varchar(const char* n, int size, const char* def = "") {
    return {n, ColType::varchar, size, def, false, false};
}
Column chr(const char* n, int size) {
    return {n, ColType::chr, size, "", false, false};
}
Column datetime(const char* n) {
    return {n, ColType::datetime, 0, "", false, false};
}
Index index(const char* table, const char* col) {
    return {std::string("idx_") + table + "_" + col, {col}, false};
}
Index unique(const char* table, const char* col) {
    return {std::string("idx_") + table + "_" + col, {col}, true};
}

std::vector<TableDef> build() {
    return {
        {"users",
         {id(),
          varchar("username", 191),
          {"password", ColType::text, 0, "", true, false},
          varchar("display_name", 191),
          integer("role", "1"),
          integer("status", "1"),
          varchar("email", 191),
          varchar("github_id", 191),
          varchar("discord_id", 191),
          varchar("oidc_id", 191),
          varchar("wechat_id", 191),
          varchar("telegram_id", 191),
          chr("access_token", 32),
          bigint("quota"),
          bigint("used_quota"),
          integer("request_count"),
          varchar("group", 64, "'default'"),
          varchar("aff_code", 32),
          integer("aff_count"),
          bigint("aff_quota"),
          bigint("aff_history"),
          bigint("inviter_id"),
          datetime("deleted_at"),
          varchar("linux_do_id", 191),
          text("setting"),
          varchar("remark", 255),
          varchar("stripe_customer", 64),
          bigint("created_at"),
          bigint("last_login_at")},
         {unique("users", "username"), index("users", "display_name"), index("users", "email"),
          index("users", "github_id"), index("users", "discord_id"), index("users", "oidc_id"),
          index("users", "wechat_id"), index("users", "telegram_id"), unique("users", "access_token"),
          unique("users", "aff_code"), index("users", "inviter_id"), index("users", "deleted_at"),
          index("users", "linux_do_id"), index("users", "stripe_customer")}},
        {"tokens",
         {id(), bigint("user_id"), chr("key", 48), integer("status", "1"), varchar("name", 191), bigint("created_time"),
          bigint("accessed_time"), bigint("expired_time", "-1"), bigint("remain_quota"), boolean("unlimited_quota"),
          boolean("model_limits_enabled"), varchar("model_limits", 1024, "''"), varchar("allow_ips", 1024, "''"),
          bigint("used_quota"), varchar("group", 64, "''"), boolean("cross_group_retry"), datetime("deleted_at")},
         {index("tokens", "user_id"), unique("tokens", "key"), index("tokens", "name"), index("tokens", "deleted_at")}},
        {"channels",
         {id(),
          integer("type"),
          {"key", ColType::text, 0, "", true, false},
          varchar("openai_organization", 191),
          varchar("test_model", 191),
          integer("status", "1"),
          varchar("name", 191),
          bigint("weight"),
          bigint("created_time"),
          bigint("test_time"),
          integer("response_time"),
          varchar("base_url", 191, "''"),
          text("other"),
          real("balance"),
          bigint("balance_updated_time"),
          text("models"),
          varchar("group", 64, "'default'"),
          bigint("used_quota"),
          text("model_mapping"),
          varchar("status_code_mapping", 1024, "''"),
          bigint("priority"),
          integer("auto_ban", "1"),
          text("other_info"),
          varchar("tag", 191),
          text("setting"),
          text("param_override"),
          text("header_override"),
          varchar("remark", 255),
          text("channel_info"),
          text("settings")},
         {index("channels", "name"), index("channels", "tag")}},
        {"abilities",
         {{"group", ColType::varchar, 64, "", true, true},
          {"model", ColType::varchar, 191, "", true, true},
          {"channel_id", ColType::bigint, 0, "", true, true},
          boolean("enabled", "true"),
          bigint("priority"),
          bigint("weight"),
          varchar("tag", 191)},
         {index("abilities", "channel_id"), index("abilities", "priority"), index("abilities", "weight"),
          index("abilities", "tag")}},
        {"options", {{"key", ColType::varchar, 191, "", true, true}, text("value")}, {}},
        {"logs",
         {id(), bigint("user_id"), bigint("created_at"), integer("type"), text("content"),
          varchar("username", 191, "''"), varchar("token_name", 191, "''"), varchar("model_name", 191, "''"),
          bigint("quota"), integer("prompt_tokens"), integer("completion_tokens"), integer("use_time"),
          boolean("is_stream"), bigint("channel_id"), bigint("token_id"), varchar("group", 64, "''"),
          varchar("ip", 64, "''"), varchar("request_id", 64, "''"), text("other")},
         {index("logs", "user_id"), index("logs", "created_at"), index("logs", "type"), index("logs", "username"),
          index("logs", "token_name"), index("logs", "model_name"), index("logs", "channel_id"),
          index("logs", "token_id"), index("logs", "group"), index("logs", "ip"), index("logs", "request_id")}},
        {"redemptions",
         {id(), bigint("user_id"), chr("key", 32), integer("status", "1"), varchar("name", 191), bigint("quota", "100"),
          bigint("created_time"), bigint("redeemed_time"), bigint("used_user_id"), datetime("deleted_at"),
          bigint("expired_time")},
         {unique("redemptions", "key"), index("redemptions", "name"), index("redemptions", "deleted_at")}},
        {"checkins",
         {id(), bigint("user_id"), varchar("checkin_date", 10), bigint("quota_awarded"), bigint("created_at")},
         {{"idx_user_checkin_date", {"user_id", "checkin_date"}, true}}},
        {"two_fas",
         {id(), bigint("user_id"), varchar("secret", 255), boolean("is_enabled"), integer("failed_attempts"),
          datetime("locked_until"), datetime("last_used_at"), datetime("created_at"), datetime("updated_at"),
          datetime("deleted_at")},
         {unique("two_fas", "user_id"), index("two_fas", "deleted_at")}},
        {"two_fa_backup_codes",
         {id(), bigint("user_id"), varchar("code_hash", 255), boolean("is_used"), datetime("used_at"),
          datetime("created_at"), datetime("deleted_at")},
         {index("two_fa_backup_codes", "user_id"), index("two_fa_backup_codes", "deleted_at")}},
        {"passkey_credentials",
         {id(), bigint("user_id"), varchar("credential_id", 512), text("public_key"), varchar("attestation_type", 255),
          varchar("aaguid", 512), bigint("sign_count"), boolean("clone_warning"), boolean("user_present"),
          boolean("user_verified"), boolean("backup_eligible"), boolean("backup_state"), text("transports"),
          varchar("attachment", 32), datetime("last_used_at"), datetime("created_at"), datetime("updated_at"),
          datetime("deleted_at")},
         {index("passkey_credentials", "user_id"), unique("passkey_credentials", "credential_id"),
          index("passkey_credentials", "deleted_at")}},
        {"custom_oauth_providers",
         {id(),
          varchar("name", 64),
          varchar("slug", 64),
          varchar("icon", 128, "''"),
          varchar("kind", 32, "'oauth_code'"),
          boolean("enabled"),
          varchar("client_id", 256),
          varchar("client_secret", 512),
          varchar("authorization_endpoint", 512),
          varchar("token_endpoint", 512),
          varchar("user_info_endpoint", 512),
          varchar("scopes", 256, "'openid profile email'"),
          varchar("user_id_field", 128, "'sub'"),
          varchar("username_field", 128, "'preferred_username'"),
          varchar("display_name_field", 128, "'name'"),
          varchar("email_field", 128, "'email'"),
          varchar("well_known", 512),
          integer("auth_style"),
          text("access_policy"),
          varchar("access_denied_message", 512),
          datetime("created_at"),
          datetime("updated_at")},
         {unique("custom_oauth_providers", "slug")}},
        {"user_oauth_bindings",
         {id(), bigint("user_id"), bigint("provider_id"), varchar("provider_user_id", 256), datetime("created_at"),
          datetime("updated_at")},
         {index("user_oauth_bindings", "user_id"), {"ux_provider_user", {"provider_id", "provider_user_id"}, true}}},
        {"top_ups",
         {id(), bigint("user_id"), bigint("amount"), real("money"), varchar("trade_no", 191),
          varchar("payment_method", 50), varchar("payment_provider", 50, "''"), bigint("create_time"),
          bigint("complete_time"), varchar("status", 32)},
         {index("top_ups", "user_id"), unique("top_ups", "trade_no")}},
        {"prefill_groups",
         {id(), varchar("name", 64), varchar("type", 32), text("items"), varchar("description", 255, "''"),
          bigint("created_time"), bigint("updated_time"), datetime("deleted_at")},
         {index("prefill_groups", "name"), index("prefill_groups", "type"), index("prefill_groups", "deleted_at")}},
        {"quota_data",
         {id(), bigint("user_id"), varchar("username", 64, "''"), varchar("model_name", 191, "''"),
          bigint("created_at"), bigint("token_used"), bigint("count"), bigint("quota")},
         {index("quota_data", "user_id"), index("quota_data", "username"), index("quota_data", "model_name"),
          index("quota_data", "created_at")}},
        {"tasks",
         {id(), bigint("created_at"), bigint("updated_at"), varchar("task_id", 191), varchar("platform", 30),
          bigint("user_id"), varchar("group", 50), bigint("channel_id"), bigint("quota"), varchar("action", 40),
          varchar("status", 20), text("fail_reason"), bigint("submit_time"), bigint("start_time"),
          bigint("finish_time"), varchar("progress", 20), text("properties"), text("private_data"), text("data")},
         {index("tasks", "created_at"), index("tasks", "task_id"), index("tasks", "platform"),
          index("tasks", "user_id"), index("tasks", "channel_id"), index("tasks", "action"), index("tasks", "status"),
          index("tasks", "submit_time"), index("tasks", "start_time"), index("tasks", "finish_time"),
          index("tasks", "progress")}},
        {"midjourneys",
         {id(),
          integer("code"),
          bigint("user_id"),
          varchar("action", 40),
          varchar("mj_id", 191),
          text("prompt"),
          text("prompt_en"),
          text("description"),
          text("state"),
          bigint("submit_time"),
          bigint("start_time"),
          bigint("finish_time"),
          text("image_url"),
          text("video_url"),
          text("video_urls"),
          varchar("status", 20),
          varchar("progress", 30),
          text("fail_reason"),
          bigint("channel_id"),
          bigint("quota"),
          bigint("token_id"),
          bigint("billing_channel_id"),
          text("buttons"),
          text("properties")},
         {index("midjourneys", "user_id"), index("midjourneys", "action"), index("midjourneys", "mj_id"),
          index("midjourneys", "submit_time"), index("midjourneys", "start_time"), index("midjourneys", "finish_time"),
          index("midjourneys", "status"), index("midjourneys", "progress")}},
        {"setups", {id(), varchar("version", 50), bigint("initialized_at")}, {}},
        // The gateway's own: how far each node's billing journal is applied (store/ledger_cursor.hpp).
        {"ledger_cursors",
         {{"journal", ColType::varchar, 64, "", true, true}, bigint("seq"), bigint("updated_at")},
         {}},
        // The gateway's own: e-mailed codes (verification "v", password reset "r"), one live per
        // address and purpose, kept hashed (store/verification_repo.hpp).
        {"verification_codes",
         {id(), varchar("purpose", 8), varchar("email", 191), varchar("code_hash", 64), bigint("expires_at"),
          integer("attempts")},
         {{"idx_verification_purpose_email", {"purpose", "email"}, true}}},
        // The gateway's own: signed-in sessions, so logout and password changes end them (store/session_repo.hpp).
        {"user_sessions",
         {{"id", ColType::varchar, 64, "", true, true}, bigint("user_id"), bigint("created_at"), bigint("expires_at")},
         {index("user_sessions", "user_id")}},
    };
}

std::string type_sql(Dialect d, const Column& c) {
    switch (c.type) {
        case ColType::id:
            if (d == Dialect::sqlite) return "integer PRIMARY KEY AUTOINCREMENT";
            if (d == Dialect::mysql) return "bigint AUTO_INCREMENT PRIMARY KEY";
            return "bigserial PRIMARY KEY";
        case ColType::integer:
            return d == Dialect::mysql ? "int" : "integer";
        case ColType::bigint:
            return "bigint";
        case ColType::boolean:
            return d == Dialect::sqlite ? "numeric" : "boolean";
        case ColType::real:
            return d == Dialect::postgres ? "double precision" : "real";
        case ColType::text:
            return d == Dialect::mysql ? "mediumtext" : "text";
        case ColType::varchar:
            return "varchar(" + std::to_string(c.size) + ")";
        case ColType::chr:
            return "char(" + std::to_string(c.size) + ")";
        case ColType::datetime:
            if (d == Dialect::postgres) return "timestamptz";
            return d == Dialect::mysql ? "datetime(3)" : "datetime";
    }
    return "text";
}

std::string default_sql(Dialect d, const Column& c) {
    if (c.default_sql.empty()) return "";
    if (c.type == ColType::boolean && d == Dialect::sqlite) return c.default_sql == "true" ? "1" : "0";
    return c.default_sql;
}

}  // namespace

const std::vector<TableDef>& schema() {
    static const std::vector<TableDef> tables = build();
    return tables;
}

std::string column_sql(Dialect d, const Column& c) {
    std::string s = "`" + c.name + "` " + type_sql(d, c);
    std::string def = default_sql(d, c);
    // MySQL forbids defaults on TEXT columns.
    if (!def.empty() && !(d == Dialect::mysql && c.type == ColType::text)) s += " DEFAULT " + def;
    if (c.not_null && c.type != ColType::id) s += " NOT NULL";
    return s;
}

}  // namespace gw::store
