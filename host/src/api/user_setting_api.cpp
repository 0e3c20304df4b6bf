#include "api/user_setting_api.hpp"

#include "api/auth.hpp"
#include "api/input.hpp"
#include "api/reply.hpp"
#include "common/json_bounded.hpp"
#include "common/strings.hpp"
#include "store/cache.hpp"
#include "store/user_repo.hpp"

#include <nlohmann/json.hpp>

namespace gw::api {
namespace {

using nlohmann::json;

bool http_url(const std::string& url) {
    return starts_with(url, "http://") || starts_with(url, "https://");
}

// "" when the request can be saved, else why not (New API's checks, in its order).
std::string refusal(const std::string& type, const Input& in) {
    if (type != "email" && type != "webhook" && type != "bark" && type != "gotify") return "无效的预警类型";
    if (in.number("quota_warning_threshold").value_or(0) <= 0) return "预警阈值必须大于0";
    if (type == "webhook" && !http_url(in.str("webhook_url", 2048).value_or(""))) return "Webhook地址无效";
    if (type == "email") {
        auto mail = in.str("notification_email", 191).value_or("");
        if (!mail.empty() && mail.find('@') == std::string::npos) return "无效的邮箱地址";
    }
    if (type == "bark" && !http_url(in.str("bark_url", 2048).value_or("")))
        return "Bark推送URL必须以http://或https://开头";
    if (type == "gotify") {
        if (!http_url(in.str("gotify_url", 2048).value_or(""))) return "Gotify服务器地址必须以http://或https://开头";
        if (in.str("gotify_token", 256).value_or("").empty()) return "Gotify令牌不能为空";
    }
    return "";
}

void update_setting(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    Input in(req);
    std::string type = in.str("notify_type", 16).value_or("");
    if (auto why = refusal(type, in); !why.empty()) return reply_error(res, why);
    auto user = store::find_user(ctx.db, me.id);
    if (!user) return reply_error(res, "用户不存在");
    json s = parse_json(user->setting);
    if (!s.is_object()) s = json::object();
    std::string old_secret = s.value("webhook_secret", "");
    for (const char* k : {"webhook_url", "webhook_secret", "notification_email", "bark_url", "gotify_url",
                          "gotify_token", "gotify_priority"})
        s.erase(k);
    s["notify_type"] = type;
    s["quota_warning_threshold"] = in.number("quota_warning_threshold").value_or(0);
    s["accept_unset_model_ratio_model"] = in.boolean("accept_unset_model_ratio_model").value_or(false);
    s["record_ip_log"] = in.boolean("record_ip_log").value_or(false);
    if (me.role >= 10)
        if (auto b = in.boolean("upstream_model_update_notify_enabled")) s["upstream_model_update_notify_enabled"] = *b;
    if (type == "webhook") {
        s["webhook_url"] = in.str("webhook_url", 2048).value_or("");
        std::string secret = in.str("webhook_secret", 256).value_or("");
        s["webhook_secret"] = secret.empty() ? old_secret : secret;  // left blank: kept
    }
    if (type == "email")
        if (auto mail = in.str("notification_email", 191); mail && !mail->empty()) s["notification_email"] = *mail;
    if (type == "bark") s["bark_url"] = in.str("bark_url", 2048).value_or("");
    if (type == "gotify") {
        s["gotify_url"] = in.str("gotify_url", 2048).value_or("");
        s["gotify_token"] = in.str("gotify_token", 256).value_or("");
        int64_t priority = in.integer("gotify_priority").value_or(5);
        s["gotify_priority"] = priority < 0 || priority > 10 ? 5 : priority;
    }
    user->setting = s.dump();
    store::update_user_columns(ctx.db, *user, {"setting"});
    ctx.cache.refresh_user(user->id);
    reply_ok(res, "设置已更新");
}

}  // namespace

void register_user_setting_api(http::Router& router, AppContext& ctx) {
    router.put("/api/user/setting", with_user(ctx, 1, &update_setting));
}

}  // namespace gw::api
