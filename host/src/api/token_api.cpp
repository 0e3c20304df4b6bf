#include "api/token_api.hpp"

#include "api/auth.hpp"
#include "api/common.hpp"
#include "api/input.hpp"
#include "api/reply.hpp"
#include "api/views.hpp"
#include "app/option_defaults.hpp"
#include "auth/random.hpp"
#include "common/ip.hpp"
#include "common/json_bounded.hpp"
#include "store/cache.hpp"
#include "store/token_repo.hpp"

#include <nlohmann/json.hpp>

namespace gw::api {
namespace {

using nlohmann::json;
constexpr int64_t kMaxTokensPerUser = 1000;

size_t utf8_length(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

// Applies the editable fields present in the body and names the columns they change (the
// remaining quota is not among them: see set_remain); throws ClientError on invalid values.
std::vector<std::string_view> apply_fields(const AppContext& ctx, const store::User& me, const Input& in,
                                           store::Token& t) {
    std::vector<std::string_view> cols;
    if (auto v = in.str("name", 1024)) {
        if (utf8_length(*v) > 30) throw http::ClientError("令牌名称过长");
        t.name = *v;
        cols.push_back("name");
    }
    if (auto v = in.integer("expired_time")) {
        if (*v != -1 && *v < 0) throw http::ClientError("无效的参数: expired_time");
        t.expired_time = *v;
        cols.push_back("expired_time");
    }
    if (auto v = in.quota("remain_quota")) {
        if (*v < 0) throw http::ClientError("额度不能为负数");
        t.remain_quota = *v;
    }
    if (auto v = in.boolean("unlimited_quota")) t.unlimited_quota = *v, cols.push_back("unlimited_quota");
    if (auto v = in.boolean("model_limits_enabled"))
        t.model_limits_enabled = *v, cols.push_back("model_limits_enabled");
    if (auto v = in.list("model_limits", 65536)) t.model_limits = *v, cols.push_back("model_limits");
    if (auto v = in.boolean("cross_group_retry")) t.cross_group_retry = *v, cols.push_back("cross_group_retry");
    if (auto v = in.str("allow_ips", 65536)) {
        for (const auto& e : split_ip_list(*v))
            if (!valid_ip_or_cidr(e)) throw http::ClientError("无效的 IP 或 CIDR: " + e);
        t.allow_ips = *v;
        cols.push_back("allow_ips");
    }
    if (auto v = in.str("group", 64)) {
        auto usable = parse_json(Options(ctx.cache).str("UserUsableGroups"));
        bool ok = v->empty() || *v == "auto" || *v == me.group || (usable.is_object() && usable.contains(*v));
        if (!ok) throw http::ClientError("无权访问 " + *v + " 分组");
        t.group = *v;
        cols.push_back("group");
    }
    return cols;
}

// The token's current row: the database's plus what is settled but not yet written.
std::optional<store::Token> current_token(AppContext& ctx, int64_t id) {
    return current(ctx, [&] { return store::find_token(ctx.db, id); });
}

// A new remaining quota is a target, reached by a delta from the current value: a charge that
// settles meanwhile still counts against it, and nothing read earlier is written back.
void set_remain(AppContext& ctx, const store::Token& t, int64_t target) {
    auto now = current_token(ctx, t.id);
    int64_t delta = now ? target - now->remain_quota : 0;
    if (delta == 0) return;
    store::add_token_remain(ctx.db, t.id, delta);
    quota_changed(ctx, 0, t.id, delta);
}

std::optional<store::Token> owned(AppContext& ctx, const store::User& me, int64_t id) {
    auto t = current_token(ctx, id);
    if (!t || t->user_id != me.id) return std::nullopt;
    return t;
}

// One page of the tokens `w` selects ({items, total, page, page_size}), balances current.
void reply_page(AppContext& ctx, const store::Where& w, const http::HttpRequest& req, const http::Responder& res) {
    store::Page page = page_of(req);
    auto rows = current(ctx, [&] { return store::list_tokens(ctx.db, w, page); });
    reply_data(res,
               page_json(rows_json(rows.items, [](const store::Token& t) { return token_json(t); }), rows.total, page));
}

void list(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    store::Where w;
    w.eq("user_id", me.id);
    reply_page(ctx, w, req, res);
}

void search(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    store::Where w;
    w.eq("user_id", me.id);
    if (std::string kw = query_str(req, "keyword"); !kw.empty()) w.add("`name` LIKE ?", {"%" + kw + "%"});
    std::string key = query_str(req, "token");
    if (key.rfind("sk-", 0) == 0) key = key.substr(3);
    if (!key.empty()) w.add("`key` LIKE ?", {"%" + key + "%"});
    reply_page(ctx, w, req, res);  // a page object, as the list (New API's SearchTokens)
}

void get(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    auto t = owned(ctx, me, id_param(req));
    if (!t) return reply_error(res, "令牌不存在");
    reply_data(res, token_json(*t));
}

void create(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    Input in(req);
    if (store::count_tokens(ctx.db, me.id) >= kMaxTokensPerUser) return reply_error(res, "令牌数量已达上限");
    store::Token t;
    t.user_id = me.id;
    t.name = "default";
    apply_fields(ctx, me, in, t);
    t.key = auth::random_alnum(48);
    t.created_time = t.accessed_time = now_seconds();
    t.id = store::insert_token(ctx.db, t);
    ctx.cache.refresh_token(t.key);
    reply_ok(res);
}

void check_can_enable(const store::Token& t) {
    if (t.expired_time != -1 && t.expired_time <= now_seconds())
        throw http::ClientError("令牌已过期，无法启用，请先修改令牌过期时间，或者设置为永不过期");
    if (!t.unlimited_quota && t.remain_quota <= 0)
        throw http::ClientError("令牌可用额度已用尽，无法启用，请先修改令牌剩余额度，或者设置为无限额度");
}

void update(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    Input in(req);
    auto id = in.integer("id");
    if (!id) return reply_error(res, "无效的参数");
    auto t = owned(ctx, me, *id);
    if (!t) return reply_error(res, "令牌不存在");
    bool status_only = query_str(req, "status_only") == "true";
    const int64_t old_remain = t->remain_quota;
    const bool old_unlimited = t->unlimited_quota;
    std::vector<std::string_view> cols;
    if (!status_only) cols = apply_fields(ctx, me, in, *t);
    if (auto status = in.integer("status")) {
        if (*status < 1 || *status > 4) return reply_error(res, "无效的参数: status");
        if (*status == 1 && t->status != 1) check_can_enable(*t);
        t->status = static_cast<int>(*status);
        cols.push_back("status");
    }
    if (!cols.empty()) store::update_token_columns(ctx.db, *t, cols);
    if (t->remain_quota != old_remain) set_remain(ctx, *t, t->remain_quota);
    if (t->unlimited_quota != old_unlimited) token_limit_switched(ctx, t->id);
    ctx.cache.refresh_token(t->key);
    auto fresh = current_token(ctx, t->id);
    reply_data(res, token_json(fresh ? *fresh : *t));
}

void remove(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    auto t = owned(ctx, me, id_param(req));
    if (!t) return reply_error(res, "令牌不存在");
    store::delete_tokens(ctx.db, me.id, {t->id});
    ctx.cache.refresh_token(t->key);
    reply_ok(res);
}

void batch_remove(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    std::vector<int64_t> ids = Input(req).ids("ids");
    std::vector<std::string> keys;
    for (int64_t id : ids)
        if (auto t = owned(ctx, me, id)) keys.push_back(t->key);
    int64_t n = store::delete_tokens(ctx.db, me.id, ids);
    for (const auto& k : keys) ctx.cache.refresh_token(k);
    reply_data(res, n);
}

void reveal(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    auto t = owned(ctx, me, id_param(req));
    if (!t) return reply_error(res, "令牌不存在");
    res.send(200, json{{"success", true}, {"message", ""}, {"data", {{"key", t->key}}}}.dump(), "application/json",
             {{"Cache-Control", "no-store"}});
}

// New API's GetTokenKeysBatch: the keys of up to 100 of the user's own tokens ({"keys": {id: key}});
// ids of other users' tokens are left out.
void reveal_batch(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    std::vector<int64_t> ids = Input(req).ids("ids");
    if (ids.empty()) return reply_error(res, "无效的参数");
    if (ids.size() > 100) return reply_error(res, "批量操作最多支持 100 个");
    json keys = json::object();
    for (int64_t id : ids)
        if (auto t = owned(ctx, me, id)) keys[std::to_string(id)] = t->key;
    res.send(200, json{{"success", true}, {"message", ""}, {"data", {{"keys", keys}}}}.dump(), "application/json",
             {{"Cache-Control", "no-store"}});
}

}  // namespace

void register_token_api(http::Router& router, AppContext& ctx) {
    router.get("/api/token/", with_user(ctx, kRoleCommon, &list));
    router.get("/api/token/search", with_user(ctx, kRoleCommon, &search));
    router.post("/api/token/batch", with_user(ctx, kRoleCommon, &batch_remove));
    router.post("/api/token/batch/keys", with_user(ctx, kRoleCommon, &reveal_batch));
    router.post("/api/token/:id/key", with_user(ctx, kRoleCommon, &reveal));
    router.get("/api/token/:id", with_user(ctx, kRoleCommon, &get));
    router.post("/api/token/", with_user(ctx, kRoleCommon, &create));
    router.put("/api/token/", with_user(ctx, kRoleCommon, &update));
    router.del("/api/token/:id", with_user(ctx, kRoleCommon, &remove));
}

}  // namespace gw::api
