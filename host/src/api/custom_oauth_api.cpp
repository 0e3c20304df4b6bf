#include "api/custom_oauth_api.hpp"

#include "api/auth.hpp"
#include "api/common.hpp"
#include "api/input.hpp"
#include "api/reply.hpp"
#include "app/option_defaults.hpp"
#include "common/strings.hpp"
#include "oauth/discovery.hpp"
#include "oauth/exchange.hpp"
#include "oauth/provider.hpp"
#include "store/custom_oauth_repo.hpp"
#include "store/user_repo.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace gw::api {
namespace {

using nlohmann::json;

json provider_json(const store::CustomOAuthProvider& p) {
    return {{"id", p.id},
            {"name", p.name},
            {"slug", p.slug},
            {"icon", p.icon},
            {"kind", p.kind},
            {"enabled", p.enabled},
            {"client_id", p.client_id},
            {"authorization_endpoint", p.authorization_endpoint},
            {"token_endpoint", p.token_endpoint},
            {"user_info_endpoint", p.user_info_endpoint},
            {"scopes", p.scopes},
            {"user_id_field", p.user_id_field},
            {"username_field", p.username_field},
            {"display_name_field", p.display_name_field},
            {"email_field", p.email_field},
            {"well_known", p.well_known},
            {"auth_style", p.auth_style},
            {"access_policy", p.access_policy},
            {"access_denied_message", p.access_denied_message}};
}

// Copies the request's fields over `p` (a blank secret keeps the saved one); "" when valid.
std::string read_provider(AppContext& ctx, const Input& in, store::CustomOAuthProvider& p) {
    auto set = [&](const char* key, std::string& field, size_t max) {
        if (auto v = in.str(key, max)) field = trim(*v);
    };
    set("name", p.name, 64), set("slug", p.slug, 64), set("icon", p.icon, 128), set("kind", p.kind, 32);
    set("client_id", p.client_id, 256), set("authorization_endpoint", p.authorization_endpoint, 512);
    set("token_endpoint", p.token_endpoint, 512), set("user_info_endpoint", p.user_info_endpoint, 512);
    set("scopes", p.scopes, 256), set("user_id_field", p.user_id_field, 128);
    set("username_field", p.username_field, 128), set("display_name_field", p.display_name_field, 128);
    set("email_field", p.email_field, 128), set("well_known", p.well_known, 512);
    set("access_policy", p.access_policy, 16384), set("access_denied_message", p.access_denied_message, 512);
    if (auto secret = in.str("client_secret", 512); secret && !secret->empty()) p.client_secret = *secret;
    if (auto e = in.boolean("enabled")) p.enabled = *e;
    if (auto a = in.integer("auth_style")) p.auth_style = static_cast<int>(*a);
    p.slug = to_lower(p.slug);
    if (p.name.empty() || p.slug.empty()) return "名称和标识不能为空";
    if (!std::all_of(p.slug.begin(), p.slug.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; }))
        return "标识只能包含小写字母、数字和连字符";
    if (oauth::builtin_provider(p.slug, Options(ctx.cache)) || p.slug == "state" || p.slug == "wechat" ||
        p.slug == "telegram" || p.slug == "email")
        return "标识与内置登录方式冲突";
    if (store::custom_slug_taken(ctx.db, p.slug, p.id)) return "标识已被使用";
    if (p.kind.empty()) p.kind = "oauth_code";
    if (p.kind != "oauth_code") return "暂只支持 oauth_code 类型";
    if (p.client_id.empty() || p.authorization_endpoint.empty() || p.token_endpoint.empty() ||
        p.user_info_endpoint.empty())
        return "Client ID、授权端点、令牌端点和用户信息端点不能为空";
    if (p.user_id_field.empty()) return "用户 ID 字段不能为空";
    if (p.auth_style < 0 || p.auth_style > 2) return "无效的认证方式";
    return "";
}

void list(AppContext& ctx, const store::User&, const http::HttpRequest&, const http::Responder& res) {
    json out = json::array();
    for (const auto& p : store::list_custom_providers(ctx.db)) out.push_back(provider_json(p));
    reply_data(res, out);
}

void get(AppContext& ctx, const store::User&, const http::HttpRequest& req, const http::Responder& res) {
    auto p = store::find_custom_provider(ctx.db, id_param(req));
    p ? reply_data(res, provider_json(*p)) : reply_error(res, "提供商不存在");
}

void create(AppContext& ctx, const store::User&, const http::HttpRequest& req, const http::Responder& res) {
    store::CustomOAuthProvider p;
    if (auto why = read_provider(ctx, Input(req), p); !why.empty()) return reply_error(res, why);
    p.id = store::insert_custom_provider(ctx.db, p, now_seconds());
    reply_data(res, provider_json(p));
}

void update(AppContext& ctx, const store::User&, const http::HttpRequest& req, const http::Responder& res) {
    auto p = store::find_custom_provider(ctx.db, id_param(req));
    if (!p) return reply_error(res, "提供商不存在");
    if (auto why = read_provider(ctx, Input(req), *p); !why.empty()) return reply_error(res, why);
    store::update_custom_provider(ctx.db, *p, now_seconds());
    reply_data(res, provider_json(*p));
}

void remove(AppContext& ctx, const store::User&, const http::HttpRequest& req, const http::Responder& res) {
    store::delete_custom_provider(ctx.db, id_param(req));
    reply_ok(res);
}

json bindings_json(AppContext& ctx, int64_t user_id) {
    json out = json::array();
    for (const auto& b : store::bindings_of_user(ctx.db, user_id)) {
        auto p = store::find_custom_provider(ctx.db, b.provider_id);
        out.push_back({{"provider_id", b.provider_id},
                       {"provider_name", p ? p->name : ""},
                       {"provider_slug", p ? p->slug : ""},
                       {"provider_icon", p ? p->icon : ""},
                       {"provider_user_id", b.provider_user_id}});
    }
    return out;
}

// The admin routes name the user; an admin manages only users below them (root anyone).
std::optional<store::User> managed_user(AppContext& ctx, const store::User& me, const http::HttpRequest& req,
                                        const http::Responder& res) {
    auto u = store::find_user(ctx.db, id_param(req));
    if (!u)
        reply_error(res, "用户不存在");
    else if (me.role <= u->role && me.role != 100)
        reply_error(res, "无权操作同级或更高级用户"), u.reset();
    return u;
}

}  // namespace

json custom_providers_for_status(AppContext& ctx) {
    json out = json::array();
    for (const auto& p : store::list_custom_providers(ctx.db))
        if (p.enabled && p.kind == "oauth_code")
            out.push_back({{"id", p.id},
                           {"name", p.name},
                           {"slug", p.slug},
                           {"icon", p.icon},
                           {"client_id", p.client_id},
                           {"authorization_endpoint", p.authorization_endpoint},
                           {"scopes", p.scopes}});
    return out;
}

void register_custom_oauth_api(http::Router& router, AppContext& ctx, upstream::HttpClient& http) {
    router.get("/api/custom-oauth-provider/", with_user(ctx, 100, &list));
    router.post(
        "/api/custom-oauth-provider/discovery",
        with_user(ctx, 100,
                  [&http](AppContext&, const store::User&, const http::HttpRequest& req, const http::Responder& res) {
                      Input in(req);
                      std::string url = in.str("well_known_url", 512).value_or(in.str("well_known", 512).value_or(""));
                      if (url.empty()) return reply_error(res, "well_known_url 不能为空");
                      try {
                          reply_data(res, oauth::discovery_document(http, url));
                      } catch (const oauth::OAuthError& e) {
                          reply_error(res, e.what());
                      }
                  }));
    router.get("/api/custom-oauth-provider/:id", with_user(ctx, 100, &get));
    router.post("/api/custom-oauth-provider/", with_user(ctx, 100, &create));
    router.put("/api/custom-oauth-provider/:id", with_user(ctx, 100, &update));
    router.del("/api/custom-oauth-provider/:id", with_user(ctx, 100, &remove));
    router.get("/api/user/oauth/bindings",
               with_user(ctx, 1,
                         [](AppContext& c, const store::User& me, const http::HttpRequest&,
                            const http::Responder& res) { reply_data(res, bindings_json(c, me.id)); }));
    router.del(
        "/api/user/oauth/bindings/:provider_id",
        with_user(
            ctx, 1, [](AppContext& c, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
                store::unbind_account(c.db, me.id, id_param(req, "provider_id")) ? reply_ok(res)
                                                                                 : reply_error(res, "未绑定该账户");
            }));
    router.get("/api/user/:id/oauth/bindings", with_user(ctx, 10,
                                                         [](AppContext& c, const store::User& me,
                                                            const http::HttpRequest& req, const http::Responder& res) {
                                                             if (auto u = managed_user(c, me, req, res))
                                                                 reply_data(res, bindings_json(c, u->id));
                                                         }));
    router.del(
        "/api/user/:id/oauth/bindings/:provider_id",
        with_user(ctx, 10,
                  [](AppContext& c, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
                      if (auto u = managed_user(c, me, req, res)) {
                          store::unbind_account(c.db, u->id, id_param(req, "provider_id"));
                          reply_ok(res);
                      }
                  }));
}

}  // namespace gw::api
