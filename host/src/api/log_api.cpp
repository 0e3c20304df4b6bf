#include "api/log_api.hpp"

#include "api/auth.hpp"
#include "api/common.hpp"
#include "api/input.hpp"
#include "api/reply.hpp"
#include "api/views.hpp"
#include "common/json_bounded.hpp"
#include "common/strings.hpp"
#include "store/cache.hpp"
#include "store/log_repo.hpp"

#include <nlohmann/json.hpp>

namespace gw::api {
namespace {

using nlohmann::json;

// Filters shared by the admin and self views; `admin` adds user-level filters.
store::Where log_filters(const http::HttpRequest& req, bool admin) {
    store::Where w;
    if (int64_t type = query_int(req, "type", 0); type > 0) w.eq("type", type);
    if (int64_t start = query_int(req, "start_timestamp", 0); start > 0) w.add("`created_at` >= ?", {start});
    if (int64_t end = query_int(req, "end_timestamp", 0); end > 0) w.add("`created_at` <= ?", {end});
    for (const char* f : {"token_name", "model_name", "group", "request_id"})
        if (std::string v = query_str(req, f); !v.empty()) w.eq(f, v);
    if (admin) {
        if (std::string u = query_str(req, "username"); !u.empty()) w.eq("username", u);
        if (int64_t ch = query_int(req, "channel", 0); ch > 0) w.eq("channel_id", ch);
    }
    return w;
}

// A user's own log lines, as New API shows them: without the admin's part of "other" (the
// channels tried), and without the channel's name.
json own_log_json(const store::Log& l) {
    json j = log_json(l);
    j["channel_name"] = "";
    json other = parse_json(l.other);
    if (other.is_object() && other.erase("admin_info")) j["other"] = other.dump();
    return j;
}

void reply_page(AppContext& ctx, const store::Where& w, const http::HttpRequest& req, const http::Responder& res,
                bool own = false) {
    store::Page page = page_of(req);
    auto rows = store::list_logs(ctx.logs(), w, page);
    auto admin_json = [&ctx](const store::Log& l) {  // with the channel's current name, as New API
        json j = log_json(l);
        auto channel = l.channel_id ? ctx.cache.channels.get(l.channel_id) : nullptr;
        j["channel_name"] = channel ? channel->name : "";
        return j;
    };
    json items = own ? rows_json(rows.items, own_log_json) : rows_json(rows.items, admin_json);
    reply_data(res, page_json(std::move(items), rows.total, page));
}

void reply_stat(AppContext& ctx, const store::Where& w, const http::Responder& res) {
    store::LogStat st = store::log_stat(ctx.logs(), w, now_seconds());
    reply_data(res, {{"quota", st.quota}, {"rpm", st.rpm}, {"tpm", st.tpm}});
}

store::Where own(const store::User& me, const http::HttpRequest& req) {
    store::Where w = log_filters(req, false);
    w.eq("user_id", me.id);
    return w;
}

void reply_quota_data(AppContext& ctx, store::Where w, const http::HttpRequest& req, const http::Responder& res) {
    if (int64_t start = query_int(req, "start_timestamp", 0); start > 0) w.add("`created_at` >= ?", {start});
    if (int64_t end = query_int(req, "end_timestamp", 0); end > 0) w.add("`created_at` <= ?", {end});
    reply_data(res, rows_json(store::list_quota_data(ctx.db, w), quota_data_json));
}

// New API's GetLogByKey: the latest logs of the API key in the Authorization header.
void logs_of_key(AppContext& ctx, const http::HttpRequest& req, const http::Responder& res) {
    std::string key = trim(req.header("authorization"));
    if (starts_with(to_lower(key), "bearer ")) key = trim(key.substr(7));
    if (starts_with(key, "sk-")) key = key.substr(3);
    auto token = key.empty() ? nullptr : ctx.cache.tokens.get(key);
    if (!token || token->status != 1)
        return res.send(401, json{{"error", {{"message", "无效的令牌"}, {"type", "new_api_error"}}}}.dump());
    store::Where w;
    w.eq("token_id", token->id);
    auto rows = store::list_logs(ctx.logs(), w, store::Page{1, 100});
    reply_data(res, rows_json(rows.items, own_log_json));
}

// Routes New API keeps only to say they are gone.
void deprecated(const http::HttpRequest&, const http::Responder& res) {
    res.send(200, json{{"success", false}, {"message", "该接口已废弃"}}.dump());
}

}  // namespace

void register_log_api(http::Router& router, AppContext& ctx) {
    using H = const http::HttpRequest&;
    using R = const http::Responder&;
    router.get("/api/log/token", [&ctx](H req, R res) { logs_of_key(ctx, req, res); });
    router.get("/api/log/search",
               with_user(ctx, kRoleAdmin, [](AppContext&, const store::User&, H req, R res) { deprecated(req, res); }));
    router.get("/api/log/self/search", with_user(ctx, kRoleCommon, [](AppContext&, const store::User&, H req, R res) {
                   deprecated(req, res);
               }));
    router.get("/api/log/self/stat",
               with_user(ctx, kRoleCommon,
                         [](AppContext& c, const store::User& me, H req, R res) { reply_stat(c, own(me, req), res); }));
    router.get("/api/log/self", with_user(ctx, kRoleCommon, [](AppContext& c, const store::User& me, H req, R res) {
                   reply_page(c, own(me, req), req, res, true);
               }));
    router.get("/api/log/stat", with_user(ctx, kRoleAdmin, [](AppContext& c, const store::User&, H req, R res) {
                   reply_stat(c, log_filters(req, true), res);
               }));
    router.get("/api/log/", with_user(ctx, kRoleAdmin, [](AppContext& c, const store::User&, H req, R res) {
                   reply_page(c, log_filters(req, true), req, res);
               }));
    router.del("/api/log/", with_user(ctx, kRoleAdmin, [](AppContext& c, const store::User&, H req, R res) {
                   int64_t ts = query_int(req, "target_timestamp", 0);
                   if (ts <= 0) return reply_error(res, "target timestamp is required");
                   reply_data(res, store::delete_logs_before(c.logs(), ts));
               }));
    router.get("/api/data/self", with_user(ctx, kRoleCommon, [](AppContext& c, const store::User& me, H req, R res) {
                   store::Where w;
                   w.eq("user_id", me.id);
                   reply_quota_data(c, w, req, res);
               }));
    router.get("/api/data/", with_user(ctx, kRoleAdmin, [](AppContext& c, const store::User&, H req, R res) {
                   store::Where w;
                   if (std::string u = query_str(req, "username"); !u.empty()) w.eq("username", u);
                   reply_quota_data(c, w, req, res);
               }));
}

}  // namespace gw::api
