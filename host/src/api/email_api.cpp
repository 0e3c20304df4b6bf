#include "api/email_api.hpp"

#include "api/auth.hpp"
#include "api/common.hpp"
#include "api/input.hpp"
#include "api/reply.hpp"
#include "app/option_defaults.hpp"
#include "auth/password.hpp"
#include "auth/random.hpp"
#include "cluster/node.hpp"
#include "common/log.hpp"
#include "common/strings.hpp"
#include "http/rate_limiter.hpp"
#include "mail/smtp_mailer.hpp"
#include "store/cache.hpp"
#include "store/session_repo.hpp"
#include "store/user_repo.hpp"
#include "store/verification_repo.hpp"

#include <nlohmann/json.hpp>

#include <regex>

namespace gw::api {
namespace {

constexpr const char* kVerify = "v";
constexpr const char* kReset = "r";
constexpr int64_t kCodeSeconds = 600;
constexpr int kResendSeconds = 60;

std::string normalized(std::string email) {
    return to_lower(trim(email));
}

// "" when sent, else why not.
std::string send(AppContext& ctx, const std::string& to, const std::string& subject, const std::string& html) {
    try {
        mail::send_mail(mail::smtp_settings(Options(ctx.cache)), to, subject, html);
        return "";
    } catch (const mail::MailError& e) {
        log::warn(std::string("mail to ") + to + " failed: " + e.what());
        return e.what();
    }
}

void send_verification(AppContext& ctx, http::RateLimiter& resend, const http::HttpRequest& req,
                       const http::Responder& res) {
    std::string email = normalized(req.query_param("email").value_or(""));
    if (auto why = email_refusal(ctx, email); !why.empty()) return reply_error(res, why);
    if (store::find_user_by_external(ctx.db, "email", email).user) return reply_error(res, "邮箱地址已被占用");
    if (!resend.allow(std::string(kVerify) + email)) return reply_error(res, "发送过于频繁，请稍后再试", 429);
    std::string code = auth::random_hex32().substr(0, 6);
    store::save_verification_code(ctx.db, kVerify, email, code, now_seconds() + kCodeSeconds);
    std::string site = Options(ctx.cache).str("SystemName");
    std::string why = send(ctx, email, site + "邮箱验证邮件",
                           "<p>您好，你正在进行" + site + "邮箱验证。</p><p>您的验证码为: <strong>" + code +
                               "</strong></p><p>验证码 10 分钟内有效，如果不是本人操作，请忽略。</p>");
    why.empty() ? reply_ok(res) : reply_error(res, why);
}

void send_reset(AppContext& ctx, http::RateLimiter& resend, const http::HttpRequest& req, const http::Responder& res) {
    std::string email = normalized(req.query_param("email").value_or(""));
    if (email.empty() || !store::find_user_by_external(ctx.db, "email", email).user)
        return reply_error(res, "该邮箱地址未注册");
    if (!resend.allow(std::string(kReset) + email)) return reply_error(res, "发送过于频繁，请稍后再试", 429);
    std::string token = auth::random_hex32();
    store::save_verification_code(ctx.db, kReset, email, token, now_seconds() + kCodeSeconds);
    std::string link = console_origin(ctx, req) + "/user/reset?email=" + percent_encode(email) + "&token=" + token;
    std::string site = Options(ctx.cache).str("SystemName");
    std::string why = send(ctx, email, site + "密码重置",
                           "<p>您好，你正在进行" + site + "密码重置。</p><p>点击 <a href='" + link +
                               "'>此处</a> 进行密码重置。</p><p>如果链接无法点击，请将其复制到浏览器中打开：<br> " +
                               link + " </p><p>重置链接 10 分钟内有效，如果不是本人操作，请忽略。</p>");
    why.empty() ? reply_ok(res) : reply_error(res, why);
}

// The link's token buys a new random password, shown once; every session of the user ends.
void reset_password(AppContext& ctx, const http::HttpRequest& req, const http::Responder& res) {
    Input in(req);
    std::string email = normalized(in.str("email", 191).value_or(""));
    std::string token = in.str("token", 64).value_or("");
    if (email.empty() || token.empty()) return reply_error(res, "无效的参数");
    if (!store::spend_verification_code(ctx.db, kReset, email, token, now_seconds()))
        return reply_error(res, "重置链接非法或已过期");
    auto user = store::find_user_by_external(ctx.db, "email", email).user;
    if (!user) return reply_error(res, "该邮箱地址未注册");
    std::string password = auth::random_alnum(12);
    user->password = auth::hash_password(password);
    store::update_user_columns(ctx.db, *user, {"password"});
    store::end_user_sessions(ctx.db, user->id);
    reply_data(res, password);
}

void bind_email(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    Input in(req);
    auto field = [&](const char* name) {
        auto q = req.query_param(name);
        return q ? *q : (req.body.empty() ? "" : in.str(name, 191).value_or(""));
    };
    std::string email = normalized(field("email"));
    if (auto why = email_refusal(ctx, email); !why.empty()) return reply_error(res, why);
    if (!verify_email_code(ctx, email, field("code"))) return reply_error(res, "验证码错误或已过期");
    auto holder = store::find_user_by_external(ctx.db, "email", email).user;
    if (holder && holder->id != me.id) return reply_error(res, "邮箱地址已被占用");
    store::set_user_external(ctx.db, me.id, "email", email);
    ctx.cache.refresh_user(me.id);
    reply_ok(res);
}

}  // namespace

std::string email_refusal(const AppContext& ctx, const std::string& email) {
    static const std::regex shape(R"([^@\s]+@[^@\s]+\.[^@\s]+)");
    if (email.size() > 191 || !std::regex_match(email, shape)) return "无效的邮箱地址";
    Options o(ctx.cache);
    std::string local = email.substr(0, email.find('@')), domain = email.substr(email.find('@') + 1);
    if (o.flag("EmailDomainRestrictionEnabled")) {
        bool listed = false;
        for (const auto& d : split_trimmed(o.str("EmailDomainWhitelist"), ',')) listed |= iequals(d, domain);
        if (!listed) return "管理员启用了邮箱域名白名单，您的邮箱地址的域名不在白名单中";
    }
    if (o.flag("EmailAliasRestrictionEnabled") && local.find('+') != std::string::npos)
        return "管理员已启用邮箱地址别名限制，您的邮箱地址由于包含特殊符号而被拒绝。";
    return "";
}

bool verify_email_code(AppContext& ctx, const std::string& email, const std::string& code) {
    return !code.empty() && store::spend_verification_code(ctx.db, kVerify, normalized(email), code, now_seconds());
}

void register_email_api(http::Router& router, AppContext& ctx) {
    auto resend = std::make_shared<http::RateLimiter>(1, kResendSeconds,
                                                      ctx.node ? ctx.node->shared_windows() : nullptr, "email_send");
    router.get("/api/verification", [&ctx, resend](http::HttpRequest& req, const http::Responder& res) {
        send_verification(ctx, *resend, req, res);
    });
    router.get("/api/reset_password", [&ctx, resend](http::HttpRequest& req, const http::Responder& res) {
        send_reset(ctx, *resend, req, res);
    });
    router.post("/api/user/reset",
                [&ctx](http::HttpRequest& req, const http::Responder& res) { reset_password(ctx, req, res); });
    router.get("/api/oauth/email/bind", with_user(ctx, 1, &bind_email));
    router.post("/api/oauth/email/bind", with_user(ctx, 1, &bind_email));
}

}  // namespace gw::api
