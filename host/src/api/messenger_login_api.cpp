#include "api/messenger_login_api.hpp"

#include "api/auth.hpp"
#include "api/common.hpp"
#include "api/external_login.hpp"
#include "api/input.hpp"
#include "api/reply.hpp"
#include "app/option_defaults.hpp"
#include "auth/signed_token.hpp"
#include "common/digest.hpp"
#include "common/strings.hpp"
#include "store/user_repo.hpp"
#include "upstream/collect.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace gw::api {
namespace {

constexpr int64_t kTelegramMaxAge = 86400;  // a widget answer older than a day is not replayed

// Telegram's check: HMAC-SHA256 keyed with SHA256(bot token) over the sorted "key=value" lines
// of every field but hash.
bool telegram_signed(const http::HttpRequest& req, const std::string& bot_token) {
    std::vector<std::string> lines;
    std::string hash;
    for (const auto& [k, v] : req.query) {
        if (k == "hash")
            hash = v;
        else
            lines.push_back(k + "=" + v);
    }
    std::sort(lines.begin(), lines.end());
    std::string data = join(lines, "\n");
    return !bot_token.empty() && auth::same_secret(to_hex(hmac_sha256(sha256(bot_token), data)), to_lower(hash));
}

// The Telegram account the widget vouches for; "" after answering why not.
std::string telegram_id(AppContext& ctx, const http::HttpRequest& req, const http::Responder& res) {
    Options o(ctx.cache);
    if (!o.flag("TelegramOAuthEnabled")) {
        reply_error(res, "管理员未开启通过 Telegram 登录以及注册");
        return "";
    }
    int64_t auth_date = std::atoll(req.query_param("auth_date").value_or("0").c_str());
    std::string id = req.query_param("id").value_or("");
    if (id.empty() || !telegram_signed(req, o.str("TelegramBotToken")) || now_seconds() - auth_date > kTelegramMaxAge) {
        reply_error(res, "无效的请求");
        return "";
    }
    return id;
}

ExternalAccount telegram_account(const std::string& id, const http::HttpRequest& req) {
    return {"telegram_id", "Telegram", "telegram_", {id, req.query_param("username").value_or(""), "", "", ""}};
}

void telegram_login(AppContext& ctx, const http::HttpRequest& req, const http::Responder& res) {
    std::string id = telegram_id(ctx, req, res);
    if (!id.empty()) login_external(ctx, telegram_account(id, req), "", SignUp::refused, res);
}

// The widget sends the browser here itself; a page load is sent on to the profile page.
void telegram_bind(AppContext& ctx, const http::HttpRequest& req, const http::Responder& res) {
    auto me = session_user(req, ctx);
    if (!me) return reply_error(res, "无权进行此操作，未登录", 401);
    std::string id = telegram_id(ctx, req, res);
    if (id.empty()) return;
    bool page = req.header("accept").find("text/html") != std::string_view::npos;
    if (!page) return bind_external(ctx, *me, telegram_account(id, req), res);
    if (auto why = bind_account(ctx, *me, telegram_account(id, req)); !why.empty()) return reply_error(res, why);
    res.send(302, "", "text/plain", {{"Location", "/console/personal"}});
}

// The WeChat user (openid) a code shown by the operator's official account stands for.
std::string wechat_openid(AppContext& ctx, upstream::HttpClient& http, const std::string& code,
                          const http::Responder& res) {
    Options o(ctx.cache);
    if (!o.flag("WeChatAuthEnabled")) {
        reply_error(res, "管理员未开启通过微信登录以及注册");
        return "";
    }
    upstream::Request req;
    req.method = "GET";
    req.url = o.str("WeChatServerAddress") + "/api/wechat/user?code=" + percent_encode(code);
    req.headers = {{"Authorization", o.str("WeChatServerToken")}};
    req.total_timeout_ms = 5000;
    auto answer = upstream::collect(http, std::move(req), 1 << 16);
    auto body = nlohmann::json::parse(answer.body, nullptr, false);
    if (!answer.ok() || !body.is_object()) {
        reply_error(res, "无法连接至微信服务器，请稍后重试");
        return "";
    }
    std::string openid = body.value("data", nlohmann::json()).is_string() ? body["data"].get<std::string>() : "";
    if (!body.value("success", false) || openid.empty()) {
        reply_error(res, body.value("message", std::string("验证码错误或已过期")));
        return "";
    }
    return openid;
}

std::string code_of(const http::HttpRequest& req) {
    if (auto q = req.query_param("code")) return *q;
    return req.body.empty() ? "" : Input(req).str("code", 256).value_or("");
}

}  // namespace

void register_messenger_login_api(http::Router& router, AppContext& ctx, upstream::HttpClient& http) {
    router.get("/api/oauth/telegram/login",
               [&ctx](http::HttpRequest& req, const http::Responder& res) { telegram_login(ctx, req, res); });
    router.get("/api/oauth/telegram/bind",
               [&ctx](http::HttpRequest& req, const http::Responder& res) { telegram_bind(ctx, req, res); });
    router.get("/api/oauth/wechat", [&ctx, &http](http::HttpRequest& req, const http::Responder& res) {
        std::string openid = wechat_openid(ctx, http, code_of(req), res);
        if (!openid.empty())
            login_external(ctx, {"wechat_id", "微信", "wechat_", {openid, "", "", "", ""}}, "", SignUp::allowed, res);
    });
    auto bind = [&http](AppContext& c, const store::User& me, const http::HttpRequest& req,
                        const http::Responder& res) {
        std::string openid = wechat_openid(c, http, code_of(req), res);
        if (!openid.empty()) bind_external(c, me, {"wechat_id", "微信", "wechat_", {openid, "", "", "", ""}}, res);
    };
    router.get("/api/oauth/wechat/bind", with_user(ctx, 1, bind));
    router.post("/api/oauth/wechat/bind", with_user(ctx, 1, bind));
}

}  // namespace gw::api
