#include "api/redemption_api.hpp"

#include "api/auth.hpp"
#include "api/common.hpp"
#include "api/input.hpp"
#include "api/reply.hpp"
#include "api/views.hpp"
#include "auth/random.hpp"
#include "store/redemption_repo.hpp"

#include <nlohmann/json.hpp>

namespace gw::api {
namespace {

using nlohmann::json;

void reply_page(AppContext& ctx, const store::Where& w, const http::HttpRequest& req, const http::Responder& res) {
    store::Page page = page_of(req);
    auto rows = store::list_redemptions(ctx.db, w, page);
    reply_data(res, page_json(rows_json(rows.items, redemption_json), rows.total, page));
}

void list(AppContext& ctx, const store::User&, const http::HttpRequest& req, const http::Responder& res) {
    reply_page(ctx, {}, req, res);
}

void search(AppContext& ctx, const store::User&, const http::HttpRequest& req, const http::Responder& res) {
    store::Where w;
    if (std::string kw = query_str(req, "keyword"); !kw.empty())
        w.add("(`id` = ? OR `name` LIKE ? OR `key` = ?)", {query_int(req, "keyword", -1), "%" + kw + "%", kw});
    reply_page(ctx, w, req, res);
}

void get(AppContext& ctx, const store::User&, const http::HttpRequest& req, const http::Responder& res) {
    auto r = store::find_redemption(ctx.db, id_param(req));
    if (!r) return reply_error(res, "兑换码不存在");
    reply_data(res, redemption_json(*r));
}

void check_fields(const store::Redemption& r) {
    if (r.name.empty() || r.name.size() > 60) throw http::ClientError("兑换码名称长度必须在1-20之间");
    if (r.quota <= 0) throw http::ClientError("额度必须大于0");
    if (r.expired_time != 0 && r.expired_time < now_seconds()) throw http::ClientError("过期时间不能早于当前时间");
}

void create(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    Input in(req);
    store::Redemption base;
    base.user_id = me.id;
    base.name = in.str("name", 256).value_or("");
    base.quota = in.quota("quota").value_or(0);
    base.expired_time = in.integer("expired_time").value_or(0);
    base.created_time = now_seconds();
    check_fields(base);
    int64_t count = in.integer("count").value_or(1);
    if (count <= 0 || count > 100) return reply_error(res, "兑换码个数必须在1-100之间");
    std::vector<store::Redemption> rows;
    json keys = json::array();
    for (int64_t i = 0; i < count; ++i) {
        store::Redemption r = base;
        r.key = auth::random_hex32();
        keys.push_back(r.key);
        rows.push_back(r);
    }
    store::insert_redemptions(ctx.db, rows);
    reply_data(res, keys);
}

void update(AppContext& ctx, const store::User&, const http::HttpRequest& req, const http::Responder& res) {
    Input in(req);
    auto id = in.integer("id");
    if (!id) return reply_error(res, "无效的参数");
    auto r = store::find_redemption(ctx.db, *id);
    if (!r) return reply_error(res, "兑换码不存在");
    // As New API: ?status_only (any value) changes the status alone; otherwise the status stays.
    if (query_str(req, "status_only").empty()) {
        if (auto v = in.str("name", 256)) r->name = *v;
        if (auto v = in.quota("quota")) r->quota = *v;
        if (auto v = in.integer("expired_time")) r->expired_time = *v;
        check_fields(*r);
    } else if (auto v = in.integer("status")) {
        if (r->status == 3) return reply_error(res, "兑换码已被使用");
        if (*v != 1 && *v != 2) return reply_error(res, "无效的参数: status");
        r->status = static_cast<int>(*v);
    }
    if (!store::update_redemption(ctx.db, *r)) return reply_error(res, "兑换码已被使用");
    reply_data(res, redemption_json(*r));
}

void remove(AppContext& ctx, const store::User&, const http::HttpRequest& req, const http::Responder& res) {
    store::Where w;
    w.eq("id", id_param(req));
    if (store::delete_redemptions(ctx.db, w) == 0) return reply_error(res, "兑换码不存在");
    reply_ok(res);
}

void remove_invalid(AppContext& ctx, const store::User&, const http::HttpRequest&, const http::Responder& res) {
    store::Where w;
    w.add("(`status` <> 1 OR (`expired_time` <> 0 AND `expired_time` < ?))", {now_seconds()});
    reply_data(res, store::delete_redemptions(ctx.db, w));
}

}  // namespace

void register_redemption_api(http::Router& router, AppContext& ctx) {
    auto admin = [&ctx](UserHandler fn) { return with_user(ctx, kRoleAdmin, fn); };
    router.get("/api/redemption/", admin(&list));
    router.get("/api/redemption/search", admin(&search));
    router.get("/api/redemption/:id", admin(&get));
    router.post("/api/redemption/", admin(&create));
    router.put("/api/redemption/", admin(&update));
    router.del("/api/redemption/invalid", admin(&remove_invalid));
    router.del("/api/redemption/:id", admin(&remove));
}

}  // namespace gw::api
