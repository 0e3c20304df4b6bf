// Rows of New API's tables, with the column list each is read and written by. Field names and
// meanings follow New API's model package so an existing database opens as-is.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>

namespace gw::store {

template <class T, class M>
struct Field {
    const char* name;
    M T::*member;
};
template <class T, class M>
constexpr Field<T, M> field(const char* name, M T::*member) {
    return {name, member};
}

// fn(value) for every column of obj, in column order.
template <class T, class Fn>
void for_each_value(T& obj, Fn&& fn) {
    std::apply([&](auto... f) { (fn(obj.*(f.member)), ...); }, std::remove_const_t<T>::fields());
}

struct User {
    int64_t id = 0;
    std::string username, password, display_name;
    int role = 1;
    int status = 1;
    std::string email, github_id, discord_id, oidc_id, wechat_id, telegram_id, linux_do_id;
    std::optional<std::string> access_token;
    int64_t quota = 0, used_quota = 0;
    int request_count = 0;
    std::string group = "default";
    std::optional<std::string> aff_code;
    int aff_count = 0;
    int64_t aff_quota = 0, aff_history = 0;
    int64_t inviter_id = 0;
    std::string setting, remark, stripe_customer;
    int64_t created_at = 0, last_login_at = 0;

    static constexpr const char* table = "users";
    static auto fields() {
        return std::make_tuple(
            field("id", &User::id), field("username", &User::username), field("password", &User::password),
            field("display_name", &User::display_name), field("role", &User::role), field("status", &User::status),
            field("email", &User::email), field("github_id", &User::github_id), field("discord_id", &User::discord_id),
            field("oidc_id", &User::oidc_id), field("wechat_id", &User::wechat_id),
            field("telegram_id", &User::telegram_id), field("linux_do_id", &User::linux_do_id),
            field("access_token", &User::access_token), field("quota", &User::quota),
            field("used_quota", &User::used_quota), field("request_count", &User::request_count),
            field("group", &User::group), field("aff_code", &User::aff_code), field("aff_count", &User::aff_count),
            field("aff_quota", &User::aff_quota), field("aff_history", &User::aff_history),
            field("inviter_id", &User::inviter_id), field("setting", &User::setting), field("remark", &User::remark),
            field("stripe_customer", &User::stripe_customer), field("created_at", &User::created_at),
            field("last_login_at", &User::last_login_at));
    }
};

struct Token {
    int64_t id = 0, user_id = 0;
    std::string key;  // 48 characters, without "sk-"
    int status = 1;   // 1 enabled, 2 disabled, 3 expired, 4 exhausted
    std::string name;
    int64_t created_time = 0, accessed_time = 0, expired_time = -1;
    int64_t remain_quota = 0;
    bool unlimited_quota = false;
    bool model_limits_enabled = false;
    std::string model_limits, allow_ips;
    int64_t used_quota = 0;
    std::string group;
    bool cross_group_retry = false;

    static constexpr const char* table = "tokens";
    static auto fields() {
        return std::make_tuple(
            field("id", &Token::id), field("user_id", &Token::user_id), field("key", &Token::key),
            field("status", &Token::status), field("name", &Token::name), field("created_time", &Token::created_time),
            field("accessed_time", &Token::accessed_time), field("expired_time", &Token::expired_time),
            field("remain_quota", &Token::remain_quota), field("unlimited_quota", &Token::unlimited_quota),
            field("model_limits_enabled", &Token::model_limits_enabled), field("model_limits", &Token::model_limits),
            field("allow_ips", &Token::allow_ips), field("used_quota", &Token::used_quota),
            field("group", &Token::group), field("cross_group_retry", &Token::cross_group_retry));
    }
};

struct Channel {
    int64_t id = 0;
    int type = 0;
    std::string key, openai_organization, test_model;
    int status = 1;  // 1 enabled, 2 manually disabled, 3 automatically disabled
    std::string name;
    int64_t weight = 0;
    int64_t created_time = 0, test_time = 0;
    int response_time = 0;
    std::string base_url, other;
    double balance = 0;
    int64_t balance_updated_time = 0;
    std::string models, group = "default";
    int64_t used_quota = 0;
    std::string model_mapping, status_code_mapping;
    int64_t priority = 0;
    int auto_ban = 1;
    std::string other_info, tag, setting, param_override, header_override, remark, channel_info, settings;

    static constexpr const char* table = "channels";
    static auto fields() {
        return std::make_tuple(
            field("id", &Channel::id), field("type", &Channel::type), field("key", &Channel::key),
            field("openai_organization", &Channel::openai_organization), field("test_model", &Channel::test_model),
            field("status", &Channel::status), field("name", &Channel::name), field("weight", &Channel::weight),
            field("created_time", &Channel::created_time), field("test_time", &Channel::test_time),
            field("response_time", &Channel::response_time), field("base_url", &Channel::base_url),
            field("other", &Channel::other), field("balance", &Channel::balance),
            field("balance_updated_time", &Channel::balance_updated_time), field("models", &Channel::models),
            field("group", &Channel::group), field("used_quota", &Channel::used_quota),
            field("model_mapping", &Channel::model_mapping),
            field("status_code_mapping", &Channel::status_code_mapping), field("priority", &Channel::priority),
            field("auto_ban", &Channel::auto_ban), field("other_info", &Channel::other_info),
            field("tag", &Channel::tag), field("setting", &Channel::setting),
            field("param_override", &Channel::param_override), field("header_override", &Channel::header_override),
            field("remark", &Channel::remark), field("channel_info", &Channel::channel_info),
            field("settings", &Channel::settings));
    }
};

struct Ability {
    std::string group, model;
    int64_t channel_id = 0;
    bool enabled = true;
    int64_t priority = 0, weight = 0;
    std::string tag;

    static constexpr const char* table = "abilities";
    static auto fields() {
        return std::make_tuple(field("group", &Ability::group), field("model", &Ability::model),
                               field("channel_id", &Ability::channel_id), field("enabled", &Ability::enabled),
                               field("priority", &Ability::priority), field("weight", &Ability::weight),
                               field("tag", &Ability::tag));
    }
};

struct Option {
    std::string key, value;

    static constexpr const char* table = "options";
    static auto fields() { return std::make_tuple(field("key", &Option::key), field("value", &Option::value)); }
};

struct Log {
    int64_t id = 0, user_id = 0, created_at = 0;
    int type = 0;  // 1 top-up, 2 consume, 3 manage, 4 system, 5 error, 6 refund
    std::string content, username, token_name, model_name;
    int64_t quota = 0;
    int prompt_tokens = 0, completion_tokens = 0, use_time = 0;
    bool is_stream = false;
    int64_t channel_id = 0, token_id = 0;
    std::string group, ip, request_id, other;

    static constexpr const char* table = "logs";
    static auto fields() {
        return std::make_tuple(
            field("id", &Log::id), field("user_id", &Log::user_id), field("created_at", &Log::created_at),
            field("type", &Log::type), field("content", &Log::content), field("username", &Log::username),
            field("token_name", &Log::token_name), field("model_name", &Log::model_name), field("quota", &Log::quota),
            field("prompt_tokens", &Log::prompt_tokens), field("completion_tokens", &Log::completion_tokens),
            field("use_time", &Log::use_time), field("is_stream", &Log::is_stream),
            field("channel_id", &Log::channel_id), field("token_id", &Log::token_id), field("group", &Log::group),
            field("ip", &Log::ip), field("request_id", &Log::request_id), field("other", &Log::other));
    }
};

// New API's `tasks` (Suno, video): task_id is the public id; the upstream's id, the token and the
// billing snapshot live in private_data (JSON), never shown to users.
struct Task {
    int64_t id = 0, created_at = 0, updated_at = 0;
    std::string task_id, platform;
    int64_t user_id = 0;
    std::string group;
    int64_t channel_id = 0, quota = 0;
    std::string action, status, fail_reason;
    int64_t submit_time = 0, start_time = 0, finish_time = 0;
    std::string progress, properties, private_data, data;

    static constexpr const char* table = "tasks";
    static auto fields() {
        return std::make_tuple(
            field("id", &Task::id), field("created_at", &Task::created_at), field("updated_at", &Task::updated_at),
            field("task_id", &Task::task_id), field("platform", &Task::platform), field("user_id", &Task::user_id),
            field("group", &Task::group), field("channel_id", &Task::channel_id), field("quota", &Task::quota),
            field("action", &Task::action), field("status", &Task::status), field("fail_reason", &Task::fail_reason),
            field("submit_time", &Task::submit_time), field("start_time", &Task::start_time),
            field("finish_time", &Task::finish_time), field("progress", &Task::progress),
            field("properties", &Task::properties), field("private_data", &Task::private_data),
            field("data", &Task::data));
    }
};

// New API's `midjourneys`: one Midjourney-Proxy task; times are unix milliseconds.
struct Midjourney {
    int64_t id = 0;
    int code = 0;
    int64_t user_id = 0;
    std::string action, mj_id, prompt, prompt_en, description, state;
    int64_t submit_time = 0, start_time = 0, finish_time = 0;
    std::string image_url, video_url, video_urls, status, progress, fail_reason;
    int64_t channel_id = 0, quota = 0, token_id = 0, billing_channel_id = 0;
    std::string buttons, properties;

    static constexpr const char* table = "midjourneys";
    static auto fields() {
        return std::make_tuple(
            field("id", &Midjourney::id), field("code", &Midjourney::code), field("user_id", &Midjourney::user_id),
            field("action", &Midjourney::action), field("mj_id", &Midjourney::mj_id),
            field("prompt", &Midjourney::prompt), field("prompt_en", &Midjourney::prompt_en),
            field("description", &Midjourney::description), field("state", &Midjourney::state),
            field("submit_time", &Midjourney::submit_time), field("start_time", &Midjourney::start_time),
            field("finish_time", &Midjourney::finish_time), field("image_url", &Midjourney::image_url),
            field("video_url", &Midjourney::video_url), field("video_urls", &Midjourney::video_urls),
            field("status", &Midjourney::status), field("progress", &Midjourney::progress),
            field("fail_reason", &Midjourney::fail_reason), field("channel_id", &Midjourney::channel_id),
            field("quota", &Midjourney::quota), field("token_id", &Midjourney::token_id),
            field("billing_channel_id", &Midjourney::billing_channel_id), field("buttons", &Midjourney::buttons),
            field("properties", &Midjourney::properties));
    }
};

struct Redemption {
    int64_t id = 0, user_id = 0;
    std::string key;
    int status = 1;  // 1 enabled, 2 disabled, 3 used
    std::string name;
    int64_t quota = 100;
    int64_t created_time = 0, redeemed_time = 0, used_user_id = 0, expired_time = 0;

    static constexpr const char* table = "redemptions";
    static auto fields() {
        return std::make_tuple(
            field("id", &Redemption::id), field("user_id", &Redemption::user_id), field("key", &Redemption::key),
            field("status", &Redemption::status), field("name", &Redemption::name), field("quota", &Redemption::quota),
            field("created_time", &Redemption::created_time), field("redeemed_time", &Redemption::redeemed_time),
            field("used_user_id", &Redemption::used_user_id), field("expired_time", &Redemption::expired_time));
    }
};

// New API's two_fas and two_fa_backup_codes, read without their datetime columns (locks and
// last use are compared in SQL, twofa_repo.cpp).
struct TwoFA {
    int64_t id = 0, user_id = 0;
    std::string secret;
    bool is_enabled = false;
    int failed_attempts = 0;

    static constexpr const char* table = "two_fas";
    static auto fields() {
        return std::make_tuple(field("id", &TwoFA::id), field("user_id", &TwoFA::user_id),
                               field("secret", &TwoFA::secret), field("is_enabled", &TwoFA::is_enabled),
                               field("failed_attempts", &TwoFA::failed_attempts));
    }
};

struct TwoFABackupCode {
    int64_t id = 0, user_id = 0;
    std::string code_hash;
    bool is_used = false;

    static constexpr const char* table = "two_fa_backup_codes";
    static auto fields() {
        return std::make_tuple(field("id", &TwoFABackupCode::id), field("user_id", &TwoFABackupCode::user_id),
                               field("code_hash", &TwoFABackupCode::code_hash),
                               field("is_used", &TwoFABackupCode::is_used));
    }
};

// New API's passkey_credentials (one per user), without its datetime columns. Ids and keys are
// standard base64, as New API stores them.
struct PasskeyCredential {
    int64_t id = 0, user_id = 0;
    std::string credential_id, public_key, attestation_type, aaguid;
    int64_t sign_count = 0;
    bool clone_warning = false, user_present = false, user_verified = false, backup_eligible = false,
         backup_state = false;
    std::string transports, attachment;

    static constexpr const char* table = "passkey_credentials";
    static auto fields() {
        using P = PasskeyCredential;
        return std::make_tuple(field("id", &P::id), field("user_id", &P::user_id),
                               field("credential_id", &P::credential_id), field("public_key", &P::public_key),
                               field("attestation_type", &P::attestation_type), field("aaguid", &P::aaguid),
                               field("sign_count", &P::sign_count), field("clone_warning", &P::clone_warning),
                               field("user_present", &P::user_present), field("user_verified", &P::user_verified),
                               field("backup_eligible", &P::backup_eligible), field("backup_state", &P::backup_state),
                               field("transports", &P::transports), field("attachment", &P::attachment));
    }
};

// New API's custom_oauth_providers (the authorization-code kind) and user_oauth_bindings.
struct CustomOAuthProvider {
    int64_t id = 0;
    std::string name, slug, icon, kind = "oauth_code";
    bool enabled = false;
    std::string client_id, client_secret, authorization_endpoint, token_endpoint, user_info_endpoint;
    std::string scopes = "openid profile email";
    std::string user_id_field = "sub", username_field = "preferred_username", display_name_field = "name",
                email_field = "email";
    std::string well_known;
    int auth_style = 0;  // 0 auto (= 1), 1 client credentials in the form, 2 HTTP Basic
    std::string access_policy, access_denied_message;

    static constexpr const char* table = "custom_oauth_providers";
    static auto fields() {
        using P = CustomOAuthProvider;
        return std::make_tuple(
            field("id", &P::id), field("name", &P::name), field("slug", &P::slug), field("icon", &P::icon),
            field("kind", &P::kind), field("enabled", &P::enabled), field("client_id", &P::client_id),
            field("client_secret", &P::client_secret), field("authorization_endpoint", &P::authorization_endpoint),
            field("token_endpoint", &P::token_endpoint), field("user_info_endpoint", &P::user_info_endpoint),
            field("scopes", &P::scopes), field("user_id_field", &P::user_id_field),
            field("username_field", &P::username_field), field("display_name_field", &P::display_name_field),
            field("email_field", &P::email_field), field("well_known", &P::well_known),
            field("auth_style", &P::auth_style), field("access_policy", &P::access_policy),
            field("access_denied_message", &P::access_denied_message));
    }
};

struct UserOAuthBinding {
    int64_t id = 0, user_id = 0, provider_id = 0;
    std::string provider_user_id;

    static constexpr const char* table = "user_oauth_bindings";
    static auto fields() {
        using B = UserOAuthBinding;
        return std::make_tuple(field("id", &B::id), field("user_id", &B::user_id),
                               field("provider_id", &B::provider_id), field("provider_user_id", &B::provider_user_id));
    }
};

struct Checkin {
    int64_t id = 0, user_id = 0;
    std::string checkin_date;  // YYYY-MM-DD
    int64_t quota_awarded = 0, created_at = 0;

    static constexpr const char* table = "checkins";
    static auto fields() {
        return std::make_tuple(field("id", &Checkin::id), field("user_id", &Checkin::user_id),
                               field("checkin_date", &Checkin::checkin_date),
                               field("quota_awarded", &Checkin::quota_awarded),
                               field("created_at", &Checkin::created_at));
    }
};

// New API's prefill_groups: named reusable lists (type model, tag or endpoint) for the console's
// pickers. Deleted rows keep a deleted_at (GORM's soft delete) and are not read again.
struct PrefillGroup {
    int64_t id = 0;
    std::string name, type;
    std::string items = "[]";  // a JSON array of strings
    std::string description;
    int64_t created_time = 0, updated_time = 0;

    static constexpr const char* table = "prefill_groups";
    static auto fields() {
        return std::make_tuple(
            field("id", &PrefillGroup::id), field("name", &PrefillGroup::name), field("type", &PrefillGroup::type),
            field("items", &PrefillGroup::items), field("description", &PrefillGroup::description),
            field("created_time", &PrefillGroup::created_time), field("updated_time", &PrefillGroup::updated_time));
    }
};

struct TopUp {
    int64_t id = 0, user_id = 0, amount = 0;
    double money = 0;
    std::string trade_no, payment_method, payment_provider;
    int64_t create_time = 0, complete_time = 0;
    std::string status;  // pending, success, failed, expired

    static constexpr const char* table = "top_ups";
    static auto fields() {
        return std::make_tuple(field("id", &TopUp::id), field("user_id", &TopUp::user_id),
                               field("amount", &TopUp::amount), field("money", &TopUp::money),
                               field("trade_no", &TopUp::trade_no), field("payment_method", &TopUp::payment_method),
                               field("payment_provider", &TopUp::payment_provider),
                               field("create_time", &TopUp::create_time), field("complete_time", &TopUp::complete_time),
                               field("status", &TopUp::status));
    }
};

struct QuotaData {
    int64_t id = 0, user_id = 0;
    std::string username, model_name;
    int64_t created_at = 0;  // start of the hour
    int64_t token_used = 0, count = 0, quota = 0;

    static constexpr const char* table = "quota_data";
    static auto fields() {
        return std::make_tuple(field("id", &QuotaData::id), field("user_id", &QuotaData::user_id),
                               field("username", &QuotaData::username), field("model_name", &QuotaData::model_name),
                               field("created_at", &QuotaData::created_at), field("token_used", &QuotaData::token_used),
                               field("count", &QuotaData::count), field("quota", &QuotaData::quota));
    }
};

struct Setup {
    int64_t id = 0;
    std::string version;
    int64_t initialized_at = 0;

    static constexpr const char* table = "setups";
    static auto fields() {
        return std::make_tuple(field("id", &Setup::id), field("version", &Setup::version),
                               field("initialized_at", &Setup::initialized_at));
    }
};

}  // namespace gw::store
