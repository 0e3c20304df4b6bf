#include "api/twofa_api.hpp"

#include "api/auth.hpp"
#include "api/common.hpp"
#include "api/input.hpp"
#include "api/login.hpp"
#include "api/reply.hpp"
#include "api/second_factor.hpp"
#include "app/config.hpp"
#include "app/option_defaults.hpp"
#include "auth/flow_token.hpp"
#include "auth/password.hpp"
#include "auth/totp.hpp"
#include "store/session_repo.hpp"
#include "store/twofa_repo.hpp"
#include "store/user_repo.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace gw::api {
namespace {

using nlohmann::json;

constexpr const char* kLoginFlow = "2fa_login";
constexpr int64_t kLoginFlowSeconds = 300;

// Ties a pending login to the password it was begun with: a password change ends it.
std::string password_mark(const store::User& u) {
    return u.password.size() > 16 ? u.password.substr(u.password.size() - 16) : u.password;
}

std::vector<std::string> hashed(const std::vector<std::string>& codes) {
    std::vector<std::string> out;
    for (const auto& c : codes) out.push_back(auth::hash_password(c));
    return out;
}

void status(AppContext& ctx, const store::User& me, const http::HttpRequest&, const http::Responder& res) {
    auto t = store::find_two_fa(ctx.db, me.id);
    json data = {{"enabled", t && t->is_enabled}, {"locked", t && store::two_fa_locked(ctx.db, me.id, now_seconds())}};
    if (t && t->is_enabled) data["backup_codes_remaining"] = store::unused_backup_code_count(ctx.db, me.id);
    reply_data(res, data);
}

void setup(AppContext& ctx, const store::User& me, const http::HttpRequest&, const http::Responder& res) {
    if (store::two_fa_enabled(ctx.db, me.id)) return reply_error(res, "用户已启用2FA，请先禁用后重新设置");
    std::string secret = auth::new_totp_secret();
    auto codes = auth::new_backup_codes();
    store::start_two_fa_setup(ctx.db, me.id, secret, hashed(codes), now_seconds());
    std::string issuer = Options(ctx.cache).str("SystemName");
    json data = {{"secret", secret},
                 {"qr_code_data", auth::totp_uri(secret, me.username + " (" + issuer + ")", issuer)},
                 {"backup_codes", codes}};
    res.send(200,
             json{{"success", true},
                  {"message", "2FA设置初始化成功，请使用认证器扫描二维码并输入验证码完成设置"},
                  {"data", data}}
                 .dump(),
             "application/json");
}

void enable(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    std::string code = Input(req).str("code", 64).value_or("");
    auto t = store::find_two_fa(ctx.db, me.id);
    if (!t) return reply_error(res, "请先完成2FA初始化设置");
    if (t->is_enabled) return reply_error(res, "2FA已经启用");
    if (!auth::totp_step(t->secret, code, now_seconds())) return reply_error(res, "验证码或备用码错误，请重试");
    if (!store::enable_two_fa(ctx.db, me.id)) return reply_error(res, "2FA已经启用");
    reply_ok(res, "两步验证启用成功");
}

void disable(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    std::string code = Input(req).str("code", 64).value_or("");
    if (auto err = check_second_factor(ctx, me.id, code, BackupCodes::allowed); !err.empty())
        return reply_error(res, err);
    store::remove_two_fa(ctx.db, me.id);
    reply_ok(res, "两步验证已禁用");
}

void regenerate(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    std::string code = Input(req).str("code", 64).value_or("");
    if (auto err = check_second_factor(ctx, me.id, code, BackupCodes::refused); !err.empty())
        return reply_error(res, err);
    auto codes = auth::new_backup_codes();
    store::replace_backup_codes(ctx.db, me.id, hashed(codes), now_seconds());
    res.send(200,
             json{{"success", true}, {"message", "备用码重新生成成功"}, {"data", {{"backup_codes", codes}}}}.dump(),
             "application/json");
}

void login_second_step(AppContext& ctx, const http::HttpRequest& req, const http::Responder& res) {
    Input in(req);
    std::string code = in.str("code", 64).value_or("");
    auto flow =
        auth::read_flow(in.str("flow_token", 2048).value_or(""), kLoginFlow, ctx.config.session_secret, now_seconds());
    auto user = flow ? store::find_user(ctx.db, flow->user_id) : std::nullopt;
    if (!user || flow->data != password_mark(*user)) return reply_error(res, "会话已过期，请重新登录");
    if (user->status != 1) return reply_error(res, "用户已被禁用");
    if (auto err = check_second_factor(ctx, user->id, code, BackupCodes::allowed); !err.empty())
        return reply_error(res, err);
    complete_login(ctx, *user, res);
}

void stats(AppContext& ctx, const store::User&, const http::HttpRequest&, const http::Responder& res) {
    auto s = store::two_fa_stats(ctx.db);
    char rate[32];
    std::snprintf(rate, sizeof rate, "%.1f%%", s.total_users ? 100.0 * s.enabled_users / s.total_users : 0.0);
    reply_data(res, {{"total_users", s.total_users}, {"enabled_users", s.enabled_users}, {"enabled_rate", rate}});
}

void admin_disable(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    auto u = store::find_user(ctx.db, id_param(req));
    if (!u) return reply_error(res, "用户不存在");
    if (me.role <= u->role && me.role != kRoleRoot) return reply_error(res, "无权操作同级或更高级用户的2FA设置");
    if (!store::remove_two_fa(ctx.db, u->id)) return reply_error(res, "用户未启用2FA");
    store::end_user_sessions(ctx.db, u->id);
    write_log(ctx, 3, *u, "管理员强制禁用了两步验证");
    reply_ok(res, "用户2FA已被强制禁用");
}

}  // namespace

void reply_second_factor_needed(AppContext& ctx, const store::User& user, const http::Responder& res) {
    int64_t expires = now_seconds() + kLoginFlowSeconds;
    std::string token =
        auth::issue_flow({kLoginFlow, user.id, expires, password_mark(user)}, ctx.config.session_secret);
    res.send(200,
             json{{"success", true},
                  {"message", "请输入两步验证码"},
                  {"data", {{"require_2fa", true}, {"flow_token", token}, {"expires_at", expires}}}}
                 .dump(),
             "application/json");
}

void register_twofa_api(http::Router& router, AppContext& ctx) {
    router.get("/api/user/2fa/status", with_user(ctx, kRoleCommon, &status));
    router.post("/api/user/2fa/setup", with_user(ctx, kRoleCommon, &setup));
    router.post("/api/user/2fa/enable", with_user(ctx, kRoleCommon, &enable));
    router.post("/api/user/2fa/disable", with_user(ctx, kRoleCommon, &disable));
    router.post("/api/user/2fa/backup_codes", with_user(ctx, kRoleCommon, &regenerate));
    router.post("/api/user/login/2fa",
                [&ctx](http::HttpRequest& req, const http::Responder& res) { login_second_step(ctx, req, res); });
    router.get("/api/user/2fa/stats", with_user(ctx, kRoleAdmin, &stats));
    router.del("/api/user/:id/2fa", with_user(ctx, kRoleAdmin, &admin_disable));
}

}  // namespace gw::api
