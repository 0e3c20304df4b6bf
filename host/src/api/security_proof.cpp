#include "api/security_proof.hpp"

#include "api/auth.hpp"
#include "api/common.hpp"
#include "api/input.hpp"
#include "api/reply.hpp"
#include "api/second_factor.hpp"
#include "app/config.hpp"
#include "auth/flow_token.hpp"

#include <nlohmann/json.hpp>

namespace gw::api {
namespace {

constexpr int64_t kProofSeconds = 300;
constexpr const char* kCookie = "secure_verified";
constexpr const char* kPasskeyReady = "passkey_ready";

bool known_scope(const std::string& scope) {
    return scope == kScopeChannelKeyRead || scope == "passkey.register" || scope == "passkey.delete";
}

std::string cookie_of(const http::HttpRequest& req, const char* name) {
    auto it = req.cookies.find(name);
    return it == req.cookies.end() ? "" : it->second;
}

void verify(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    Input in(req);
    std::string method = in.str("method", 16).value_or("2fa");
    std::string scope = in.str("scope", 64).value_or(kScopeChannelKeyRead);
    if (!known_scope(scope)) return reply_error(res, "不支持的安全验证范围");
    if (method == "passkey") {
        auto ready =
            auth::read_flow(cookie_of(req, kPasskeyReady), kPasskeyReady, ctx.config.session_secret, now_seconds());
        if (!ready || ready->user_id != me.id) return reply_error(res, "请先完成 Passkey 验证");
        return reply_proof(ctx, me, method, scope, res, "验证成功");
    }
    // TOTP or a backup code
    if (method != "2fa") return reply_error(res, "不支持的验证方式");
    std::string code = in.str("code", 64).value_or("");
    if (code.empty()) return reply_error(res, "验证码不能为空");
    if (auto why = check_second_factor(ctx, me.id, code, BackupCodes::allowed); !why.empty())
        return reply_error(res, why);
    reply_proof(ctx, me, method, scope, res, "验证成功");
}

}  // namespace

void reply_proof(AppContext& ctx, const store::User& me, const std::string& method, const std::string& scope,
                 const http::Responder& res, const std::string& message, http::HeaderList headers) {
    int64_t expires = now_seconds() + kProofSeconds;
    std::string proof = auth::issue_flow({"proof:" + scope, me.id, expires, method}, ctx.config.session_secret);
    nlohmann::json body = {
        {"success", true},
        {"message", message},
        {"data", {{"proof_token", proof}, {"expires_at", expires}, {"method", method}, {"scope", scope}}}};
    std::string cookie = kCookie;  // appended piecewise: GCC 12 misreads one long + chain (-Warray-bounds)
    cookie += "=" + proof;
    cookie += "; Path=/api; Max-Age=" + std::to_string(kProofSeconds) + "; HttpOnly; SameSite=Strict";
    headers.emplace_back("Set-Cookie", cookie);
    res.send(200, body.dump(), "application/json", headers);
}

std::string passkey_ready_cookie(AppContext& ctx, const store::User& me) {
    std::string v = auth::issue_flow({kPasskeyReady, me.id, now_seconds() + 60, ""}, ctx.config.session_secret);
    return std::string(kPasskeyReady) + "=" + v + "; Path=/api; Max-Age=60; HttpOnly; SameSite=Strict";
}

bool require_proof(AppContext& ctx, const store::User& me, const std::string& scope, const http::HttpRequest& req,
                   const http::Responder& res) {
    std::string token(req.header("x-security-proof"));
    if (token.empty()) token = cookie_of(req, kCookie);
    auto proof = auth::read_flow(token, "proof:" + scope, ctx.config.session_secret, now_seconds());
    if (proof && proof->user_id == me.id) return true;
    res.send(403,
             nlohmann::json{{"success", false},
                            {"message", "需要安全验证，请先通过两步验证或 Passkey 验证"},
                            {"code", "VERIFICATION_REQUIRED"}}
                 .dump(),
             "application/json");
    return false;
}

void register_security_proof_api(http::Router& router, AppContext& ctx) {
    router.post("/api/verify", with_user(ctx, 1, &verify));
}

}  // namespace gw::api
