#include "api/session_api.hpp"

#include "api/auth.hpp"
#include "api/common.hpp"
#include "api/email_api.hpp"
#include "api/input.hpp"
#include "api/login.hpp"
#include "api/reply.hpp"
#include "api/signup.hpp"
#include "api/twofa_api.hpp"
#include "app/config.hpp"
#include "app/option_defaults.hpp"
#include "auth/password.hpp"
#include "auth/random.hpp"
#include "auth/session.hpp"
#include "common/strings.hpp"
#include "store/cache.hpp"
#include "store/session_repo.hpp"
#include "store/twofa_repo.hpp"
#include "store/user_repo.hpp"

#include <nlohmann/json.hpp>

namespace gw::api {
namespace {

void login(AppContext& ctx, const http::HttpRequest& req, const http::Responder& res) {
    if (!Options(ctx.cache).flag("PasswordLoginEnabled")) return reply_error(res, "管理员关闭了密码登录");
    Input in(req);
    auto username = in.str("username", 128).value_or("");
    auto password = in.str("password", 128).value_or("");
    if (username.empty() || password.empty()) return reply_error(res, "无效的参数");
    auto user = store::find_user_by_login(ctx.db, username);
    if (!user || !auth::verify_password(password, user->password) || user->status != 1)
        return reply_error(res, "用户名或密码错误，或用户已被封禁");
    if (store::two_fa_enabled(ctx.db, user->id)) return reply_second_factor_needed(ctx, *user, res);
    complete_login(ctx, *user, res);
}

// Ends the session server-side too: a copy of the cookie kept elsewhere stops working.
void logout(AppContext& ctx, const http::HttpRequest& req, const http::Responder& res) {
    if (std::string id = session_id_of(req, ctx); !id.empty()) store::end_session(ctx.db, id);
    res.send(200, R"({"success":true,"message":""})", "application/json",
             {{"Set-Cookie", auth::session_cookie_header("")}});
}

void check_register_allowed(const AppContext& ctx) {
    Options o(ctx.cache);
    if (!o.flag("RegisterEnabled")) throw http::ClientError("管理员关闭了新用户注册");
    if (!o.flag("PasswordRegisterEnabled"))
        throw http::ClientError("管理员关闭了通过密码进行注册，请使用第三方账户验证的形式进行注册");
}

void register_user(AppContext& ctx, const http::HttpRequest& req, const http::Responder& res) {
    check_register_allowed(ctx);
    Input in(req);
    std::string username = in.required("username", 64);
    std::string password = in.required("password", 64);
    if (username.size() > 20) return reply_error(res, "输入不合法 用户名长度不能超过20个字符");
    if (password.size() < 8 || password.size() > 20) return reply_error(res, "输入不合法 密码长度需在8到20个字符之间");
    if (store::username_taken(ctx.db, username)) return reply_error(res, "用户名已存在，或已注销");
    store::User u;
    if (Options(ctx.cache).flag("EmailVerificationEnabled")) {
        std::string email = to_lower(trim(in.str("email", 191).value_or("")));
        std::string code = in.str("verification_code", 64).value_or("");
        if (email.empty() || code.empty()) return reply_error(res, "管理员开启了邮箱验证，请输入邮箱地址和验证码");
        if (auto why = email_refusal(ctx, email); !why.empty()) return reply_error(res, why);
        if (store::find_user_by_external(ctx.db, "email", email).user) return reply_error(res, "邮箱地址已被占用");
        if (!verify_email_code(ctx, email, code)) return reply_error(res, "验证码错误或已过期");
        u.email = email;
    }
    u.username = username;
    u.display_name = username;
    u.password = auth::hash_password(password);
    sign_up(ctx, u, in.str("aff_code", 32).value_or(""));
    reply_ok(res, "");
}

}  // namespace

void register_session_api(http::Router& router, AppContext& ctx) {
    router.post("/api/user/login",
                [&ctx](http::HttpRequest& req, const http::Responder& res) { login(ctx, req, res); });
    router.get("/api/user/logout",
               [&ctx](http::HttpRequest& req, const http::Responder& res) { logout(ctx, req, res); });
    router.post("/api/user/register",
                [&ctx](http::HttpRequest& req, const http::Responder& res) { register_user(ctx, req, res); });
}

}  // namespace gw::api
