#include "api/passkey_api.hpp"

#include "api/auth.hpp"
#include "api/common.hpp"
#include "api/input.hpp"
#include "api/login.hpp"
#include "api/reply.hpp"
#include "api/security_proof.hpp"
#include "app/config.hpp"
#include "app/option_defaults.hpp"
#include "auth/flow_token.hpp"
#include "cluster/node.hpp"
#include "common/base64.hpp"
#include "common/json_bounded.hpp"
#include "common/strings.hpp"
#include "http/rate_limiter.hpp"
#include "store/cache.hpp"
#include "store/passkey_repo.hpp"
#include "store/user_repo.hpp"
#include "webauthn/webauthn.hpp"

#include <openssl/rand.h>
#include <nlohmann/json.hpp>

namespace gw::api {
namespace {

using nlohmann::json;

constexpr int64_t kCeremonySeconds = 300;
constexpr const char* kFlowCookie = "passkey_flow";

std::string b64(const std::string& raw) {
    return base64_encode(raw);
}

std::string unb64(const std::string& text) {
    return base64_decode(text);
}

std::string base64_url(const std::string& raw) {
    return base64_encode(raw, true);
}

// A base64url field of the browser's credential; a malformed one reads as empty and fails the checks.
std::string from_base64(const std::string& text) {
    try {
        return base64_decode(text);
    } catch (const std::invalid_argument&) {
        return "";
    }
}

struct Rp {
    std::string id, name;
    std::vector<std::string> origins;
    std::string user_verification;
};

Rp relying_party(const AppContext& ctx, const http::HttpRequest& req) {
    Options o(ctx.cache);
    Rp rp;
    std::string origin = console_origin(ctx, req);
    rp.origins = split_trimmed(o.str("passkey.origins"), ',');
    if (rp.origins.empty()) rp.origins = {origin};
    rp.id = o.str("passkey.rp_id");
    if (rp.id.empty()) {
        std::string host = origin.substr(origin.find("://") + 3);
        rp.id = host.substr(0, host.find(':'));
    }
    rp.name = o.str("passkey.rp_display_name").empty() ? o.str("SystemName") : o.str("passkey.rp_display_name");
    rp.user_verification =
        o.str("passkey.user_verification").empty() ? "preferred" : o.str("passkey.user_verification");
    return rp;
}

std::string new_challenge() {
    std::string c(32, '\0');
    RAND_bytes(reinterpret_cast<unsigned char*>(c.data()), static_cast<int>(c.size()));
    return c;
}

// Answers the ceremony's options with its flow token (in the answer and as a cookie).
void reply_ceremony(AppContext& ctx, const std::string& purpose, int64_t user_id, const std::string& challenge,
                    const json& public_key, const http::Responder& res) {
    std::string flow = auth::issue_flow({purpose, user_id, now_seconds() + kCeremonySeconds, base64_url(challenge)},
                                        ctx.config.session_secret);
    json body = {
        {"success", true}, {"message", ""}, {"data", {{"options", {{"publicKey", public_key}}}, {"flow_token", flow}}}};
    res.send(200, body.dump(), "application/json",
             {{"Set-Cookie", std::string(kFlowCookie) + "=" + flow +
                                 "; Path=/api/user/passkey; Max-Age=300; "
                                 "HttpOnly; SameSite=Strict"}});
}

// The ceremony a finish belongs to; nullopt (answered) when its flow is forged, stale or spent.
struct Finish {
    webauthn::Ceremony ceremony;
    json credential;
    int64_t user_id = 0;
};

std::optional<Finish> finish_of(AppContext& ctx, http::RateLimiter& once, const std::string& purpose,
                                const http::HttpRequest& req, const http::Responder& res) {
    json body = parse_json(req.body);
    if (!body.is_object()) body = json::object();
    std::string token = body.value("flow_token", "");
    if (token.empty()) {
        auto c = req.cookies.find(kFlowCookie);
        token = c == req.cookies.end() ? "" : c->second;
    }
    auto flow = auth::read_flow(token, purpose, ctx.config.session_secret, now_seconds());
    if (!flow || !once.allow(flow->data)) {
        reply_error(res, "Passkey 验证会话已过期，请重试");
        return std::nullopt;
    }
    Rp rp = relying_party(ctx, req);
    Finish f;
    f.ceremony = {from_base64(flow->data), rp.id, rp.origins, rp.user_verification == "required"};
    f.credential = body.contains("credential") ? body["credential"] : body;
    f.user_id = flow->user_id;
    if (!f.credential.is_object() || !f.credential.value("response", json()).is_object()) {
        reply_error(res, "无效的 Passkey 凭证");
        return std::nullopt;
    }
    return f;
}

std::string field(const json& credential, const char* name) {
    const json& r = credential["response"];
    return r.contains(name) && r[name].is_string() ? from_base64(r[name].get<std::string>()) : "";
}

bool enabled(AppContext& ctx, const http::Responder& res) {
    if (Options(ctx.cache).flag("passkey.enabled")) return true;
    reply_error(res, "管理员未启用 Passkey 登录");
    return false;
}

void register_begin(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    if (!enabled(ctx, res)) return;
    Rp rp = relying_party(ctx, req);
    std::string challenge = new_challenge();
    json exclude = json::array();
    if (auto existing = store::find_passkey_of_user(ctx.db, me.id))
        exclude.push_back({{"type", "public-key"}, {"id", base64_url(unb64(existing->credential_id))}});
    json pk = {
        {"challenge", base64_url(challenge)},
        {"rp", {{"name", rp.name}, {"id", rp.id}}},
        {"user",
         {{"id", base64_url(std::to_string(me.id))},
          {"name", me.username},
          {"displayName", me.display_name.empty() ? me.username : me.display_name}}},
        {"pubKeyCredParams", {{{"type", "public-key"}, {"alg", -7}}, {{"type", "public-key"}, {"alg", -257}}}},
        {"timeout", kCeremonySeconds * 1000},
        {"excludeCredentials", exclude},
        {"authenticatorSelection",
         {{"residentKey", "required"}, {"requireResidentKey", true}, {"userVerification", rp.user_verification}}},
        {"attestation", "none"}};
    reply_ceremony(ctx, "passkey_register", me.id, challenge, pk, res);
}

void register_finish(AppContext& ctx, http::RateLimiter& once, const store::User& me, const http::HttpRequest& req,
                     const http::Responder& res) {
    if (!enabled(ctx, res)) return;
    auto f = finish_of(ctx, once, "passkey_register", req, res);
    if (!f) return;
    if (f->user_id != me.id) return reply_error(res, "Passkey 验证会话已过期，请重试");
    webauthn::Credential c;
    try {
        c = webauthn::verify_registration(f->ceremony, field(f->credential, "clientDataJSON"),
                                          field(f->credential, "attestationObject"));
    } catch (const webauthn::WebAuthnError& e) {
        return reply_error(res, std::string("Passkey 注册失败: ") + e.what());
    }
    auto holder = store::find_passkey(ctx.db, b64(c.id));
    if (holder && holder->user_id != me.id) return reply_error(res, "该 Passkey 已绑定其他用户");
    store::PasskeyCredential p;
    p.user_id = me.id;
    p.credential_id = b64(c.id);
    p.public_key = b64(c.cose_key);
    p.attestation_type = c.format;
    p.aaguid = b64(c.aaguid);
    p.sign_count = c.sign_count;
    p.user_present = true;
    p.user_verified = c.user_verified;
    p.backup_eligible = c.backup_eligible;
    p.backup_state = c.backup_state;
    p.attachment = f->credential.value("authenticatorAttachment", "");
    store::save_passkey(ctx.db, p, now_seconds());
    reply_ok(res, "Passkey 注册成功");
}

// Checks an assertion against the stored passkey and moves its counter; "" when it holds.
std::string assertion_refusal(AppContext& ctx, const Finish& f, const store::PasskeyCredential& p) {
    try {
        uint32_t next = webauthn::verify_assertion(
            f.ceremony, unb64(p.public_key), static_cast<uint32_t>(p.sign_count), field(f.credential, "clientDataJSON"),
            field(f.credential, "authenticatorData"), field(f.credential, "signature"));
        if (!store::advance_passkey(ctx.db, p.id, p.sign_count, next, now_seconds()))
            return "Passkey 计数器已变化，请重试";
        return "";
    } catch (const webauthn::WebAuthnError& e) {
        return std::string("Passkey 验证失败: ") + e.what();
    }
}

void login_begin(AppContext& ctx, const http::HttpRequest& req, const http::Responder& res) {
    if (!enabled(ctx, res)) return;
    Rp rp = relying_party(ctx, req);
    std::string challenge = new_challenge();
    json pk = {{"challenge", base64_url(challenge)},
               {"timeout", kCeremonySeconds * 1000},
               {"rpId", rp.id},
               {"allowCredentials", json::array()},
               {"userVerification", rp.user_verification}};
    reply_ceremony(ctx, "passkey_login", 0, challenge, pk, res);
}

void login_finish(AppContext& ctx, http::RateLimiter& once, const http::HttpRequest& req, const http::Responder& res) {
    if (!enabled(ctx, res)) return;
    auto f = finish_of(ctx, once, "passkey_login", req, res);
    if (!f) return;
    std::string raw_id = f->credential.value("rawId", f->credential.value("id", std::string()));
    auto p = store::find_passkey(ctx.db, b64(from_base64(raw_id)));
    auto user = p ? store::find_user(ctx.db, p->user_id) : std::nullopt;
    if (!user) return reply_error(res, "Passkey 验证失败，请重试或联系管理员");
    std::string handle = field(f->credential, "userHandle");
    if (!handle.empty() && handle != std::to_string(user->id)) return reply_error(res, "用户句柄与凭证不匹配");
    if (auto why = assertion_refusal(ctx, *f, *p); !why.empty()) return reply_error(res, why);
    complete_login(ctx, *user, res);
}

void verify_begin(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    if (!enabled(ctx, res)) return;
    auto p = store::find_passkey_of_user(ctx.db, me.id);
    if (!p) return reply_error(res, "该用户尚未绑定 Passkey");
    Rp rp = relying_party(ctx, req);
    std::string challenge = new_challenge();
    json pk = {{"challenge", base64_url(challenge)},
               {"timeout", kCeremonySeconds * 1000},
               {"rpId", rp.id},
               {"allowCredentials", {{{"type", "public-key"}, {"id", base64_url(unb64(p->credential_id))}}}},
               {"userVerification", rp.user_verification}};
    reply_ceremony(ctx, "passkey_verify", me.id, challenge, pk, res);
}

// A fresh assertion: the proof for the scope asked (default channel.key.read), and the mark
// /api/verify converts for consoles that ask it next.
void verify_finish(AppContext& ctx, http::RateLimiter& once, const store::User& me, const http::HttpRequest& req,
                   const http::Responder& res) {
    if (!enabled(ctx, res)) return;
    auto f = finish_of(ctx, once, "passkey_verify", req, res);
    if (!f) return;
    auto p = store::find_passkey_of_user(ctx.db, me.id);
    if (!p || f->user_id != me.id) return reply_error(res, "该用户尚未绑定 Passkey");
    if (b64(from_base64(f->credential.value("rawId", f->credential.value("id", std::string())))) != p->credential_id)
        return reply_error(res, "Passkey 验证失败: 凭证不匹配");
    if (auto why = assertion_refusal(ctx, *f, *p); !why.empty()) return reply_error(res, why);
    std::string scope = parse_json(req.body).value("scope", std::string(kScopeChannelKeyRead));
    reply_proof(ctx, me, "passkey", scope, res, "Passkey 验证成功", {{"Set-Cookie", passkey_ready_cookie(ctx, me)}});
}

void status(AppContext& ctx, const store::User& me, const http::HttpRequest&, const http::Responder& res) {
    reply_data(res, {{"enabled", store::find_passkey_of_user(ctx.db, me.id).has_value()}});
}

void remove(AppContext& ctx, const store::User& me, const http::HttpRequest&, const http::Responder& res) {
    store::delete_passkey_of_user(ctx.db, me.id);
    reply_ok(res, "Passkey 已解绑");
}

void admin_reset(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    auto u = store::find_user(ctx.db, id_param(req));
    if (!u) return reply_error(res, "用户不存在");
    if (me.role <= u->role && me.role != kRoleRoot) return reply_error(res, "无权操作同级或更高级用户");
    if (!store::delete_passkey_of_user(ctx.db, u->id)) return reply_error(res, "该用户尚未绑定 Passkey");
    reply_ok(res, "Passkey 已重置");
}

}  // namespace

void register_passkey_api(http::Router& router, AppContext& ctx) {
    auto once = std::make_shared<http::RateLimiter>(1, static_cast<int>(kCeremonySeconds),
                                                    ctx.node ? ctx.node->shared_windows() : nullptr, "passkey");
    router.post("/api/user/passkey/login/begin",
                [&ctx](http::HttpRequest& req, const http::Responder& res) { login_begin(ctx, req, res); });
    router.post("/api/user/passkey/login/finish", [&ctx, once](http::HttpRequest& req, const http::Responder& res) {
        login_finish(ctx, *once, req, res);
    });
    router.get("/api/user/passkey", with_user(ctx, 1, &status));
    router.del("/api/user/passkey", with_user(ctx, 1, &remove));
    router.post("/api/user/passkey/register/begin", with_user(ctx, 1, &register_begin));
    router.post("/api/user/passkey/register/finish",
                with_user(ctx, 1,
                          [once](AppContext& c, const store::User& me, const http::HttpRequest& req,
                                 const http::Responder& res) { register_finish(c, *once, me, req, res); }));
    router.post("/api/user/passkey/verify/begin", with_user(ctx, 1, &verify_begin));
    router.post("/api/user/passkey/verify/finish",
                with_user(ctx, 1,
                          [once](AppContext& c, const store::User& me, const http::HttpRequest& req,
                                 const http::Responder& res) { verify_finish(c, *once, me, req, res); }));
    router.del("/api/user/:id/reset_passkey", with_user(ctx, 10, &admin_reset));
}

}  // namespace gw::api
