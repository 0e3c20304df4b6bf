#include "api/self_api.hpp"

#include "api/auth.hpp"
#include "api/common.hpp"
#include "api/input.hpp"
#include "api/reply.hpp"
#include "api/views.hpp"
#include "app/option_defaults.hpp"
#include "auth/password.hpp"
#include "auth/random.hpp"
#include "common/json_bounded.hpp"
#include "store/cache.hpp"
#include "store/redemption_repo.hpp"
#include "store/session_repo.hpp"
#include "store/user_repo.hpp"

#include <nlohmann/json.hpp>

#include <set>

namespace gw::api {
namespace {

using nlohmann::json;

json parse_object(const std::string& text) {
    auto j = parse_json(text);
    return j.is_object() ? j : json::object();
}

// {group: {ratio, desc}} for the groups a user may pick (all usable groups plus their own).
json groups_json(const AppContext& ctx, const std::string& own_group) {
    Options o(ctx.cache);
    json ratios = parse_object(o.str("GroupRatio"));
    json usable = parse_object(o.str("UserUsableGroups"));
    if (!own_group.empty() && !usable.contains(own_group)) usable[own_group] = "用户分组";
    json out = json::object();
    for (auto& [name, desc] : usable.items())
        out[name] = {{"ratio", ratios.contains(name) ? ratios[name] : json(1)},
                     {"desc", desc.is_string() ? desc.get<std::string>() : name}};
    return out;
}

void update_self(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    Input in(req);
    auto user = store::find_user(ctx.db, me.id);
    if (!user) return reply_error(res, "用户不存在");
    std::vector<std::string_view> cols;  // only what changes: never a balance read here
    if (auto name = in.str("display_name", 64)) {
        if (name->size() > 20) return reply_error(res, "输入不合法 显示名称长度不能超过20个字符");
        user->display_name = *name;
        cols.push_back("display_name");
    }
    if (auto pw = in.str("password", 64); pw && !pw->empty()) {
        if (pw->size() < 8 || pw->size() > 20) return reply_error(res, "输入不合法 密码长度需在8到20个字符之间");
        if (!auth::verify_password(in.str("original_password", 64).value_or(""), user->password))
            return reply_error(res, "原密码错误");
        user->password = auth::hash_password(*pw);
        cols.push_back("password");
    }
    auto lang = in.str("language", 16);  // the console's language follows the user
    auto sidebar = in.str("sidebar_modules", 16384);
    if (lang || sidebar) {
        json setting = parse_object(user->setting);
        if (lang) setting["language"] = *lang;
        if (sidebar) {
            if (!sidebar->empty() && !parse_json(*sidebar).is_object()) return reply_error(res, "无效的边栏设置");
            setting["sidebar_modules"] = *sidebar;
        }
        user->setting = setting.dump();
        cols.push_back("setting");
    }
    if (!cols.empty()) store::update_user_columns(ctx.db, *user, cols);
    ctx.cache.refresh_user(user->id);
    // A new password signs out every other browser; this one stays signed in.
    if (std::find(cols.begin(), cols.end(), "password") != cols.end())
        store::end_user_sessions(ctx.db, user->id, session_id_of(req, ctx));
    reply_ok(res, "更新成功");
}

// Which console areas a role may hide or show (New API: root needs no sidebar settings, an
// admin cannot reach system settings, a user no admin area).
json sidebar_permissions(int role) {
    if (role >= kRoleRoot) return {{"sidebar_settings", false}, {"sidebar_modules", json::object()}};
    if (role >= kRoleAdmin) return {{"sidebar_settings", true}, {"sidebar_modules", {{"admin", {{"setting", false}}}}}};
    return {{"sidebar_settings", true}, {"sidebar_modules", {{"admin", false}}}};
}

std::vector<std::string> models_for_group(const AppContext& ctx, const std::string& group) {
    std::set<std::string> names;
    auto index = ctx.cache.channel_index();
    auto g = index->by_group_model.find(group);
    if (g != index->by_group_model.end())
        for (const auto& [model, list] : g->second) names.insert(model);
    return {names.begin(), names.end()};
}

// Affiliate quota into the balance, at least one unit ($1 of quota) at a time, as New API.
void transfer_aff(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    auto quota = Input(req).integer("quota");
    int64_t unit = static_cast<int64_t>(Options(ctx.cache).number("QuotaPerUnit"));
    if (!quota || *quota < unit) return reply_error(res, "转移额度最小为" + format_quota(ctx, unit));
    if (!store::transfer_aff_quota(ctx.db, me.id, *quota)) return reply_error(res, "邀请额度不足！");
    write_log(ctx, 4, me, "邀请额度划转 " + format_quota(ctx, *quota), *quota);  // every balance change has its log
    quota_changed(ctx, me.id, 0, *quota);
    ctx.cache.refresh_user(me.id);
    reply_ok(res, "划转成功");
}

void redeem(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    std::string key = Input(req).required("key", 64);
    auto r = store::redeem(
        ctx.db, key, me.id, now_seconds(),
        [&](int64_t quota) {
            store::Log l;
            l.user_id = me.id;
            l.username = me.username;
            l.created_at = now_seconds();
            l.type = 1;
            l.quota = quota;
            l.content = "通过兑换码充值 " + format_quota(ctx, quota) + "，兑换码ID " + key.substr(0, 8);
            return l;
        },
        ctx.log_db);
    switch (r.result) {
        case store::RedeemResult::ok:
            quota_changed(ctx, me.id, 0, r.quota);
            ctx.cache.refresh_user(me.id);
            return reply_data(res, r.quota);
        case store::RedeemResult::used:
            return reply_error(res, "该兑换码已被使用");
        case store::RedeemResult::disabled:
            return reply_error(res, "该兑换码已被禁用");
        case store::RedeemResult::expired:
            return reply_error(res, "该兑换码已过期");
        case store::RedeemResult::not_found:
            return reply_error(res, "无效的兑换码");
    }
}

}  // namespace

void register_self_api(http::Router& router, AppContext& ctx) {
    router.get("/api/user/groups",
               [&ctx](http::HttpRequest&, const http::Responder& res) { reply_data(res, groups_json(ctx, "")); });
    router.get("/api/user/self/groups",
               with_user(ctx, kRoleCommon,
                         [](AppContext& c, const store::User& me, const http::HttpRequest&,
                            const http::Responder& res) { reply_data(res, groups_json(c, me.group)); }));
    router.get("/api/user/self", with_user(ctx, kRoleCommon,
                                           [](AppContext& c, const store::User& me, const http::HttpRequest&,
                                              const http::Responder& res) {
                                               auto fresh = current(c, [&] { return store::find_user(c.db, me.id); });
                                               json u = user_json(fresh ? *fresh : me);
                                               u["sidebar_modules"] = parse_object(u["setting"].get<std::string>())
                                                                          .value("sidebar_modules", std::string());
                                               u["permissions"] = sidebar_permissions(me.role);
                                               reply_data(res, u);
                                           }));
    router.put("/api/user/self", with_user(ctx, kRoleCommon, &update_self));
    router.del("/api/user/self", with_user(ctx, kRoleCommon,
                                           [](AppContext& c, const store::User& me, const http::HttpRequest&,
                                              const http::Responder& res) {
                                               if (me.role == kRoleRoot)
                                                   return reply_error(res, "不能删除超级管理员账户");
                                               store::soft_delete_user(c.db, me.id);
                                               store::end_user_sessions(c.db, me.id);
                                               c.cache.refresh_user(me.id);
                                               reply_ok(res);
                                           }));
    router.get("/api/user/token", with_user(ctx, kRoleCommon,
                                            [](AppContext& c, const store::User& me, const http::HttpRequest&,
                                               const http::Responder& res) {
                                                auto user = store::find_user(c.db, me.id);
                                                if (!user) return reply_error(res, "用户不存在");
                                                user->access_token = auth::random_hex32();
                                                store::update_user_columns(c.db, *user, {"access_token"});
                                                c.cache.refresh_user(user->id);
                                                reply_data(res, *user->access_token);
                                            }));
    router.get("/api/user/models",
               with_user(ctx, kRoleCommon,
                         [](AppContext& c, const store::User& me, const http::HttpRequest&,
                            const http::Responder& res) { reply_data(res, models_for_group(c, me.group)); }));
    router.get("/api/user/aff", with_user(ctx, kRoleCommon,
                                          [](AppContext& c, const store::User& me, const http::HttpRequest&,
                                             const http::Responder& res) {
                                              auto user = store::find_user(c.db, me.id);
                                              if (!user) return reply_error(res, "用户不存在");
                                              if (!user->aff_code || user->aff_code->empty()) {
                                                  user->aff_code = auth::random_alnum(4);
                                                  store::update_user_columns(c.db, *user, {"aff_code"});
                                                  c.cache.refresh_user(user->id);
                                              }
                                              reply_data(res, *user->aff_code);
                                          }));
    router.post("/api/user/topup", with_user(ctx, kRoleCommon, &redeem));
    router.post("/api/user/aff_transfer", with_user(ctx, kRoleCommon, &transfer_aff));
}

}  // namespace gw::api
