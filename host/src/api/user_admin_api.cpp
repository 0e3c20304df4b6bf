#include "api/user_admin_api.hpp"

#include "api/auth.hpp"
#include "api/common.hpp"
#include "api/input.hpp"
#include "api/reply.hpp"
#include "api/views.hpp"
#include "auth/password.hpp"
#include "auth/random.hpp"
#include "billing/checked.hpp"
#include "store/cache.hpp"
#include "store/session_repo.hpp"
#include "store/user_repo.hpp"

#include <nlohmann/json.hpp>

namespace gw::api {
namespace {

using nlohmann::json;

void list_page(AppContext& ctx, const store::Where& w, const http::HttpRequest& req, const http::Responder& res) {
    store::Page page = page_of(req);
    auto rows = current(ctx, [&] { return store::list_users(ctx.db, w, page); });
    reply_data(res, page_json(rows_json(rows.items, user_json), rows.total, page));
}

void list(AppContext& ctx, const store::User&, const http::HttpRequest& req, const http::Responder& res) {
    store::Where w;
    w.add("`deleted_at` IS NULL");
    list_page(ctx, w, req, res);
}

void search(AppContext& ctx, const store::User&, const http::HttpRequest& req, const http::Responder& res) {
    store::Where w;
    w.add("`deleted_at` IS NULL");
    std::string kw = query_str(req, "keyword");
    if (!kw.empty()) {
        std::string like = "%" + kw + "%";
        int64_t id = query_int(req, "keyword", -1);
        w.add("(`id` = ? OR `username` LIKE ? OR `email` LIKE ? OR `display_name` LIKE ?)", {id, like, like, like});
    }
    if (std::string g = query_str(req, "group"); !g.empty()) w.eq("group", g);
    list_page(ctx, w, req, res);
}

void get(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    auto u = current(ctx, [&] { return store::find_user(ctx.db, id_param(req)); });
    if (!u) return reply_error(res, "用户不存在");
    if (me.role <= u->role && me.role != kRoleRoot) return reply_error(res, "无权获取同级或更高等级用户的信息");
    reply_data(res, user_json(*u));
}

void create(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    Input in(req);
    store::User u;
    u.username = in.required("username", 64);
    std::string password = in.required("password", 64);
    if (u.username.size() > 20) return reply_error(res, "输入不合法 用户名长度不能超过20个字符");
    if (password.size() < 8 || password.size() > 20) return reply_error(res, "输入不合法 密码长度需在8到20个字符之间");
    u.role = static_cast<int>(in.integer("role").value_or(kRoleCommon));
    if (u.role != kRoleCommon && u.role != kRoleAdmin && u.role != kRoleRoot) return reply_error(res, "无效的用户角色");
    if (u.role >= me.role) return reply_error(res, "无法创建权限大于等于自己的用户");
    if (store::username_taken(ctx.db, u.username)) return reply_error(res, "用户名已存在，或已注销");
    u.display_name = in.str("display_name", 64).value_or(u.username);
    if (u.display_name.empty()) u.display_name = u.username;
    u.password = auth::hash_password(password);
    u.aff_code = auth::random_alnum(4);
    u.created_at = now_seconds();
    u.id = store::insert_user(ctx.db, u);
    ctx.cache.refresh_user(u.id);
    reply_ok(res);
}

void update(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    Input in(req);
    auto id = in.integer("id");
    if (!id || *id <= 0) return reply_error(res, "无效的参数");
    auto u = store::find_user(ctx.db, *id);
    if (!u) return reply_error(res, "用户不存在");
    if (me.role <= u->role && me.role != kRoleRoot)
        return reply_error(res, "无权更新同权限等级或更高权限等级的用户信息");
    // Only what the body changes is written. The balance is never among it: it moves only through
    // "add_quota" (manage), so a form loaded before the user's latest calls cannot undo them.
    std::vector<std::string_view> cols;
    if (auto v = in.str("username", 64); v && !v->empty()) {
        if (v->size() > 20) return reply_error(res, "输入不合法 用户名长度不能超过20个字符");
        if (store::username_taken(ctx.db, *v, u->id)) return reply_error(res, "用户名已存在，或已注销");
        u->username = *v;
        cols.push_back("username");
    }
    if (auto v = in.str("display_name", 64)) u->display_name = *v, cols.push_back("display_name");
    if (auto v = in.str("email", 128)) u->email = *v, cols.push_back("email");
    if (auto v = in.str("group", 64); v && !v->empty()) u->group = *v, cols.push_back("group");
    if (auto v = in.str("remark", 255)) u->remark = *v, cols.push_back("remark");
    if (auto v = in.integer("role"); v && *v != u->role) {
        if (*v != kRoleCommon && *v != kRoleAdmin && *v != kRoleRoot) return reply_error(res, "无效的用户角色");
        if (*v >= me.role && me.role != kRoleRoot)
            return reply_error(res, "无权将其他用户权限等级提升到大于等于自己的权限等级");
        u->role = static_cast<int>(*v);
        cols.push_back("role");
    }
    if (auto pw = in.str("password", 64); pw && !pw->empty()) {
        if (pw->size() < 8 || pw->size() > 20) return reply_error(res, "输入不合法 密码长度需在8到20个字符之间");
        u->password = auth::hash_password(*pw);
        cols.push_back("password");
    }
    if (!cols.empty()) store::update_user_columns(ctx.db, *u, cols);
    ctx.cache.refresh_user(u->id);
    if (std::find(cols.begin(), cols.end(), "password") != cols.end() ||
        std::find(cols.begin(), cols.end(), "role") != cols.end())
        store::end_user_sessions(ctx.db, u->id);  // signed in again, under the new terms
    reply_ok(res);
}

void remove(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    auto u = store::find_user(ctx.db, id_param(req));
    if (!u) return reply_error(res, "用户不存在");
    if (me.role <= u->role) return reply_error(res, "无权删除同权限等级或更高权限等级的用户");
    store::hard_delete_user(ctx.db, u->id);
    store::end_user_sessions(ctx.db, u->id);
    ctx.cache.refresh_user(u->id);
    reply_ok(res);
}

// add_quota: mode add (default), subtract or override, logged as a manage entry. Every mode is a
// delta on the current balance (override: the difference to the target), so charges settling
// meanwhile are never undone.
void add_quota(AppContext& ctx, store::User& u, const Input& in, const http::Responder& res) {
    std::string mode = in.str("mode", 16).value_or("add");
    auto value = in.quota("value");
    if (!value) return reply_error(res, "无效的参数: value is required");
    auto now = current(ctx, [&] { return store::find_user(ctx.db, u.id); });
    if (!now) return reply_error(res, "用户不存在");
    int64_t delta = 0;
    std::string text;
    if (mode == "add" || mode == "subtract") {
        if (*value <= 0) return reply_error(res, "额度必须大于0");
        delta = mode == "add" ? *value : -*value;
        text = std::string(mode == "add" ? "管理员增加用户额度 " : "管理员减少用户额度 ") + format_quota(ctx, *value);
    } else if (mode == "override") {
        if (*value < 0) return reply_error(res, "额度不能为负数");
        delta = *value - now->quota;
        text = "管理员将用户额度从 " + format_quota(ctx, now->quota) + "修改为 " + format_quota(ctx, *value);
    } else {
        return reply_error(res, "无效的参数: mode must be add, subtract or override");
    }
    if (!billing::valid_quota(now->quota + delta)) return reply_error(res, "额度超出范围");
    store::add_user_quota(ctx.db, u.id, delta);
    quota_changed(ctx, u.id, 0, delta);
    write_log(ctx, 3, u, text, mode == "override" ? 0 : *value);
    ctx.cache.refresh_user(u.id);
    auto fresh = current(ctx, [&] { return store::find_user(ctx.db, u.id); });
    reply_data(res, {{"quota", fresh ? fresh->quota : 0}});
}

void manage(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    Input in(req);
    auto id = in.integer("id");
    std::string action = in.str("action", 32).value_or("");
    if (!id || action.empty()) return reply_error(res, "无效的参数");
    auto u = store::find_user(ctx.db, *id);
    if (!u) return reply_error(res, "用户不存在");
    if (me.role <= u->role && me.role != kRoleRoot)
        return reply_error(res, "无权更新同权限等级或更高权限等级的用户信息");
    if (action == "add_quota") return add_quota(ctx, *u, in, res);
    if (action == "disable") {
        if (u->role == kRoleRoot) return reply_error(res, "无法禁用超级管理员用户");
        u->status = 2;
    } else if (action == "enable") {
        u->status = 1;
    } else if (action == "delete") {
        if (u->role == kRoleRoot) return reply_error(res, "无法删除超级管理员用户");
        store::soft_delete_user(ctx.db, u->id);
        store::end_user_sessions(ctx.db, u->id);
        ctx.cache.refresh_user(u->id);
        return reply_data(res, {{"role", u->role}, {"status", u->status}});
    } else if (action == "promote") {
        if (me.role != kRoleRoot) return reply_error(res, "普通管理员用户无法提升其他用户为管理员");
        if (u->role >= kRoleAdmin) return reply_error(res, "该用户已经是管理员");
        u->role = kRoleAdmin;
    } else if (action == "demote") {
        if (u->role == kRoleRoot) return reply_error(res, "无法降级超级管理员用户");
        if (u->role == kRoleCommon) return reply_error(res, "该用户已经是普通用户");
        u->role = kRoleCommon;
    } else {
        return reply_error(res, "无效的参数: unknown action " + action);
    }
    store::update_user_columns(ctx.db, *u, {"status", "role"});
    if (action != "enable") store::end_user_sessions(ctx.db, u->id);
    ctx.cache.refresh_user(u->id);
    reply_data(res, {{"role", u->role}, {"status", u->status}});
}

}  // namespace

void register_user_admin_api(http::Router& router, AppContext& ctx) {
    router.get("/api/user/", with_user(ctx, kRoleAdmin, &list));
    router.get("/api/user/search", with_user(ctx, kRoleAdmin, &search));
    router.post("/api/user/manage", with_user(ctx, kRoleAdmin, &manage));
    router.get("/api/user/:id", with_user(ctx, kRoleAdmin, &get));
    router.post("/api/user/", with_user(ctx, kRoleAdmin, &create));
    router.put("/api/user/", with_user(ctx, kRoleAdmin, &update));
    router.del("/api/user/:id", with_user(ctx, kRoleAdmin, &remove));
}

}  // namespace gw::api
