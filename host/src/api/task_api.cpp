#include "api/task_api.hpp"

#include "api/auth.hpp"
#include "api/input.hpp"
#include "api/reply.hpp"
#include "api/views.hpp"
#include "app/option_defaults.hpp"
#include "store/task_repo.hpp"
#include "task/task_views.hpp"

#include <nlohmann/json.hpp>

namespace gw::api {
namespace {

using nlohmann::json;
using H = const http::HttpRequest&;
using R = const http::Responder&;

void filter_times(const http::HttpRequest& req, store::Where& w) {
    if (int64_t from = query_int(req, "start_timestamp", 0)) w.add("`submit_time` >= ?", {from});
    if (int64_t to = query_int(req, "end_timestamp", 0)) w.add("`submit_time` <= ?", {to});
}

void filter_text(const http::HttpRequest& req, store::Where& w, const char* param, const char* column) {
    if (std::string v = query_str(req, param); !v.empty()) w.eq(column, v);
}

void list_tasks(AppContext& ctx, int64_t user_id, H req, R res) {
    store::Where w;
    if (user_id) w.eq("user_id", user_id);
    filter_text(req, w, "task_id", "task_id");
    filter_text(req, w, "status", "status");
    filter_text(req, w, "action", "action");
    filter_text(req, w, "platform", "platform");
    if (!user_id) {
        filter_text(req, w, "channel_id", "channel_id");
        filter_text(req, w, "user_id", "user_id");
    }
    filter_times(req, w);
    store::Page page = page_of(req);
    auto rows = store::list_tasks(ctx.db, w, page);
    json items = rows_json(rows.items, [user_id](const store::Task& t) {
        json j = task::task_dto(t);
        if (user_id) j.erase("channel_id");  // users do not see which channel served them
        return j;
    });
    reply_data(res, page_json(items, rows.total, page));
}

void list_midjourneys(AppContext& ctx, int64_t user_id, H req, R res) {
    store::Where w;
    if (user_id) w.eq("user_id", user_id);
    filter_text(req, w, "mj_id", "mj_id");
    if (!user_id) filter_text(req, w, "channel_id", "channel_id");
    filter_times(req, w);
    store::Page page = page_of(req);
    auto rows = store::list_midjourneys(ctx.db, w, page);
    Options o(ctx.cache);
    bool forward = o.flag("MjForwardUrlEnabled");
    std::string server = o.str("ServerAddress");
    json items = rows_json(rows.items, [&](const store::Midjourney& m) {
        json j = {{"id", m.id},
                  {"code", m.code},
                  {"user_id", m.user_id},
                  {"action", m.action},
                  {"mj_id", m.mj_id},
                  {"prompt", m.prompt},
                  {"prompt_en", m.prompt_en},
                  {"description", m.description},
                  {"state", m.state},
                  {"submit_time", m.submit_time},
                  {"start_time", m.start_time},
                  {"finish_time", m.finish_time},
                  {"image_url", forward && !m.image_url.empty() ? server + "/mj/image/" + m.mj_id : m.image_url},
                  {"video_url", m.video_url},
                  {"video_urls", m.video_urls},
                  {"status", m.status},
                  {"progress", m.progress},
                  {"fail_reason", m.fail_reason},
                  {"quota", m.quota},
                  {"buttons", m.buttons},
                  {"properties", m.properties}};
        if (!user_id) j["channel_id"] = m.channel_id;
        return j;
    });
    reply_data(res, page_json(items, rows.total, page));
}

}  // namespace

void register_task_api(http::Router& router, AppContext& ctx) {
    router.get("/api/task/self", with_user(ctx, kRoleCommon, [](AppContext& c, const store::User& me, H q, R r) {
                   list_tasks(c, me.id, q, r);
               }));
    router.get("/api/task/",
               with_user(ctx, kRoleAdmin, [](AppContext& c, const store::User&, H q, R r) { list_tasks(c, 0, q, r); }));
    router.get("/api/mj/self", with_user(ctx, kRoleCommon, [](AppContext& c, const store::User& me, H q, R r) {
                   list_midjourneys(c, me.id, q, r);
               }));
    router.get("/api/mj/", with_user(ctx, kRoleAdmin, [](AppContext& c, const store::User&, H q, R r) {
                   list_midjourneys(c, 0, q, r);
               }));
}

}  // namespace gw::api
