#include "api/external_login.hpp"

#include "api/common.hpp"
#include "api/login.hpp"
#include "api/signup.hpp"
#include "app/option_defaults.hpp"
#include "store/cache.hpp"
#include "store/custom_oauth_repo.hpp"
#include "store/user_repo.hpp"

#include <nlohmann/json.hpp>

namespace gw::api {
namespace {

void refuse(const http::Responder& res, const std::string& message, const http::HeaderList& headers) {
    res.send(200, nlohmann::json{{"success", false}, {"message", message}}.dump(), "application/json", headers);
}

store::ExternalMatch bound_by_binding(AppContext& ctx, const ExternalAccount& a) {
    auto binding = store::find_binding(ctx.db, a.provider_id, a.identity.id);
    if (!binding) return {};
    auto user = store::find_user(ctx.db, binding->user_id);
    return {user, !user};
}

// The user bound to the account, moving one bound by GitHub's old login-name id to the new id.
store::ExternalMatch bound_user(AppContext& ctx, const ExternalAccount& a) {
    if (a.provider_id) return bound_by_binding(ctx, a);
    auto match = store::find_user_by_external(ctx.db, a.column, a.identity.id);
    if (match.user || match.deleted || a.identity.legacy_id.empty()) return match;
    auto legacy = store::find_user_by_external(ctx.db, a.column, a.identity.legacy_id);
    if (legacy.user) store::set_user_external(ctx.db, legacy.user->id, a.column, a.identity.id);
    return legacy;
}

std::string new_username(AppContext& ctx, const ExternalAccount& a) {
    const std::string& wanted = a.identity.username;
    if (!wanted.empty() && wanted.size() <= 20 && !store::username_taken(ctx.db, wanted)) return wanted;
    return a.prefix + std::to_string(store::max_user_id(ctx.db) + 1);
}

}  // namespace

void login_external(AppContext& ctx, const ExternalAccount& a, const std::string& aff, SignUp sign_up_rule,
                    const http::Responder& res, const http::HeaderList& headers) {
    auto match = bound_user(ctx, a);
    if (match.user) return complete_login(ctx, *match.user, res, headers);
    if (match.deleted) return refuse(res, "用户已注销", headers);
    if (sign_up_rule == SignUp::refused) return refuse(res, "该 " + a.name + " 账户未绑定任何用户", headers);
    if (!Options(ctx.cache).flag("RegisterEnabled")) return refuse(res, "管理员关闭了新用户注册", headers);
    const auto& id = a.identity;
    if (!id.email.empty() && store::find_user_by_external(ctx.db, "email", id.email).user)
        return refuse(res, "邮箱地址已被占用", headers);
    store::User u;
    u.username = new_username(ctx, a);
    u.display_name = !id.display_name.empty() ? id.display_name : !id.username.empty() ? id.username : a.name + " User";
    u.email = id.email;
    if (a.column == "github_id") u.github_id = id.id;
    if (a.column == "discord_id") u.discord_id = id.id;
    if (a.column == "oidc_id") u.oidc_id = id.id;
    if (a.column == "linux_do_id") u.linux_do_id = id.id;
    if (a.column == "wechat_id") u.wechat_id = id.id;
    if (a.column == "telegram_id") u.telegram_id = id.id;
    u.id = sign_up(ctx, u, aff);
    if (a.provider_id) store::bind_account(ctx.db, u.id, a.provider_id, id.id, now_seconds());
    complete_login(ctx, u, res, headers);
}

std::string bind_account(AppContext& ctx, const store::User& me, const ExternalAccount& a) {
    if (a.provider_id)
        return store::bind_account(ctx.db, me.id, a.provider_id, a.identity.id, now_seconds())
                   ? ""
                   : "该 " + a.name + " 账户已被绑定";
    auto match = store::find_user_by_external(ctx.db, a.column, a.identity.id);
    if (match.deleted || (match.user && match.user->id != me.id)) return "该 " + a.name + " 账户已被绑定";
    store::set_user_external(ctx.db, me.id, a.column, a.identity.id);
    ctx.cache.refresh_user(me.id);
    return "";
}

void bind_external(AppContext& ctx, const store::User& me, const ExternalAccount& a, const http::Responder& res,
                   const http::HeaderList& headers) {
    if (auto why = bind_account(ctx, me, a); !why.empty()) return refuse(res, why, headers);
    res.send(200, nlohmann::json{{"success", true}, {"message", "绑定成功"}, {"data", {{"action", "bind"}}}}.dump(),
             "application/json", headers);
}

}  // namespace gw::api
