#include "api/oauth_api.hpp"

#include "api/auth.hpp"
#include "api/common.hpp"
#include "api/external_login.hpp"
#include "api/input.hpp"
#include "api/messenger_login_api.hpp"
#include "api/reply.hpp"
#include "app/config.hpp"
#include "app/option_defaults.hpp"
#include "auth/flow_token.hpp"
#include "auth/signed_token.hpp"
#include "cluster/node.hpp"
#include "common/strings.hpp"
#include "http/rate_limiter.hpp"
#include "oauth/discovery.hpp"
#include "oauth/exchange.hpp"
#include "oauth/pending.hpp"
#include "store/cache.hpp"
#include "store/custom_oauth_repo.hpp"
#include "store/user_repo.hpp"

#include <nlohmann/json.hpp>

#include <map>

namespace gw::api {
namespace {

using nlohmann::json;

constexpr const char* kCookie = "oauth_state";
constexpr int64_t kPendingSeconds = 600;

// Lax, not Strict: the provider's redirect back to the console is a cross-site navigation.
std::string cookie_header(const std::string& value) {
    return std::string(kCookie) + "=" + value +
           "; Path=/api/oauth; Max-Age=" + (value.empty() ? "0" : std::to_string(kPendingSeconds)) +
           "; HttpOnly; SameSite=Lax";
}

void fail(const http::Responder& res, const std::string& message, int status = 200) {
    res.send(status, json{{"success", false}, {"message", message}}.dump(), "application/json",
             {{"Set-Cookie", cookie_header("")}});
}

// A built-in provider, else an operator's own by its slug.
std::optional<oauth::Provider> provider_named(AppContext& ctx, const std::string& slug) {
    if (auto p = oauth::builtin_provider(slug, Options(ctx.cache))) return p;
    if (auto row = store::find_custom_provider(ctx.db, slug); row && row->kind == "oauth_code")
        return oauth::custom_provider(*row);
    return std::nullopt;
}

std::optional<oauth::Provider> enabled_provider(AppContext& ctx, const std::string& slug, const http::Responder& res) {
    auto p = provider_named(ctx, slug);
    if (!p) {
        fail(res, "未知的 OAuth 提供商", 400);
        return std::nullopt;
    }
    if (!p->enabled) {
        fail(res, "管理员未开启通过 " + p->name + " 登录以及注册");
        return std::nullopt;
    }
    return p;
}

void state(AppContext& ctx, upstream::HttpClient& http, const http::HttpRequest& req, const http::Responder& res) {
    oauth::Pending pending = oauth::begin(req.query_param("aff").value_or("").substr(0, 32));
    json body = {{"success", true}, {"message", ""}, {"data", pending.state}};
    if (std::string slug = req.query_param("provider").value_or(""); !slug.empty()) {
        auto p = enabled_provider(ctx, slug, res);
        if (!p) return;
        try {
            oauth::discover(http, *p);
        } catch (const oauth::OAuthError& e) {
            return fail(res, e.what());
        }
        oauth::prepare_for(pending, *p, console_origin(ctx, req) + "/oauth/" + slug);
        body["authorize_url"] = oauth::authorize_url(*p, pending);
    }
    std::string sealed = auth::issue_flow({kCookie, 0, now_seconds() + kPendingSeconds, oauth::encode_pending(pending)},
                                          ctx.config.session_secret);
    res.send(200, body.dump(), "application/json", {{"Set-Cookie", cookie_header(sealed)}});
}

// The sign-in this browser began, if the callback brings back its state.
std::optional<oauth::Pending> pending_of(AppContext& ctx, const http::HttpRequest& req, const std::string& slug) {
    auto cookie = req.cookies.find(kCookie);
    if (cookie == req.cookies.end()) return std::nullopt;
    auto flow = auth::read_flow(cookie->second, kCookie, ctx.config.session_secret, now_seconds());
    auto pending = flow ? oauth::decode_pending(flow->data) : std::nullopt;
    std::string state = req.query_param("state").value_or("");
    if (!pending || state.empty() || !auth::same_secret(state, pending->state)) return std::nullopt;
    if (!pending->provider.empty() && pending->provider != slug) return std::nullopt;
    return pending;
}

void callback(AppContext& ctx, upstream::HttpClient& http, http::RateLimiter& once, const http::HttpRequest& req,
              const http::Responder& res) {
    std::string slug = req.param("provider");
    if (!provider_named(ctx, slug)) return fail(res, "未知的 OAuth 提供商", 400);
    auto pending = pending_of(ctx, req, slug);
    if (!pending) return fail(res, "state is empty or not same", 403);
    if (!once.allow(pending->state)) return fail(res, "state has been used", 403);
    auto p = enabled_provider(ctx, slug, res);
    if (!p) return;
    if (auto error = req.query_param("error")) return fail(res, req.query_param("error_description").value_or(*error));
    ExternalAccount account{p->user_column, p->name, p->prefix, {}, p->custom_id};
    try {
        oauth::discover(http, *p);
        std::string redirect =
            pending->redirect_uri.empty() ? console_origin(ctx, req) + "/oauth/" + slug : pending->redirect_uri;
        account.identity = oauth::sign_in_with(
            http, *p, {req.query_param("code").value_or(""), redirect, pending->verifier, pending->nonce},
            now_seconds());
    } catch (const oauth::OAuthError& e) {
        return fail(res, e.what());
    }
    http::HeaderList clear = {{"Set-Cookie", cookie_header("")}};
    if (auto me = session_user(req, ctx)) return bind_external(ctx, *me, account, res, clear);
    login_external(ctx, account, pending->aff, SignUp::allowed, res, clear);
}

void unbind(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    static const std::map<std::string, std::string> columns = {
        {"github", "github_id"}, {"discord", "discord_id"},   {"oidc", "oidc_id"}, {"linuxdo", "linux_do_id"},
        {"wechat", "wechat_id"}, {"telegram", "telegram_id"}, {"email", "email"}};
    auto column = columns.find(req.param("binding_type"));
    if (column == columns.end()) return reply_error(res, "无效的绑定类型");
    auto u = store::find_user(ctx.db, id_param(req));
    if (!u) return reply_error(res, "用户不存在");
    if (me.role <= u->role && me.role != kRoleRoot) return reply_error(res, "无权操作同级或更高级用户");
    store::set_user_external(ctx.db, u->id, column->second, "");
    ctx.cache.refresh_user(u->id);
    write_log(ctx, 3, *u, "管理员解除了 " + column->first + " 绑定");
    reply_ok(res, "");
}

}  // namespace

void register_oauth_api(http::Router& router, AppContext& ctx, upstream::HttpClient& http) {
    // Each state finishes one sign-in, on whichever node the callback reaches (shared windows).
    auto once = std::make_shared<http::RateLimiter>(1, static_cast<int>(kPendingSeconds),
                                                    ctx.node ? ctx.node->shared_windows() : nullptr, "oauth_state");
    register_messenger_login_api(router, ctx, http);  // its literal paths before /api/oauth/:provider
    router.get("/api/oauth/state",
               [&ctx, &http](http::HttpRequest& req, const http::Responder& res) { state(ctx, http, req, res); });
    router.get("/api/oauth/:provider", [&ctx, &http, once](http::HttpRequest& req, const http::Responder& res) {
        callback(ctx, http, *once, req, res);
    });
    router.del("/api/user/:id/bindings/:binding_type", with_user(ctx, kRoleAdmin, &unbind));
}

}  // namespace gw::api
