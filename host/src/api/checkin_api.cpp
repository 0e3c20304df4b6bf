#include "api/checkin_api.hpp"

#include "api/auth.hpp"
#include "api/common.hpp"
#include "api/reply.hpp"
#include "app/option_defaults.hpp"
#include "store/checkin_repo.hpp"

#include <nlohmann/json.hpp>

#include <ctime>
#include <random>
#include <regex>

namespace gw::api {

namespace {

using nlohmann::json;

// The server's local date (New API's rule), as "%Y-%m-%d" or "%Y-%m".
std::string local_date(const char* format) {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, format, &tm);
    return buf;
}

struct CheckinSetting {
    bool enabled = false;
    int64_t min_quota = 0, max_quota = 0;
};

CheckinSetting setting_of(const AppContext& ctx) {
    Options o(ctx.cache);
    return {o.flag("checkin_setting.enabled"), static_cast<int64_t>(o.number("checkin_setting.min_quota")),
            static_cast<int64_t>(o.number("checkin_setting.max_quota"))};
}

int64_t reward(const CheckinSetting& c) {
    if (c.max_quota <= c.min_quota) return std::max<int64_t>(c.min_quota, 0);
    thread_local std::mt19937_64 rng{std::random_device{}()};
    return std::uniform_int_distribution<int64_t>(std::max<int64_t>(c.min_quota, 0), c.max_quota)(rng);
}

void status(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    CheckinSetting c = setting_of(ctx);
    if (!c.enabled) return reply_error(res, "签到功能未启用");
    std::string month = req.query_param("month").value_or(local_date("%Y-%m"));
    if (!std::regex_match(month, std::regex(R"(\d{4}-\d{2})"))) return reply_error(res, "无效的参数: month");
    auto records = store::checkins_between(ctx.db, me.id, month + "-01", month + "-31");
    auto totals = store::checkin_totals(ctx.db, me.id);
    json list = json::array();
    for (const auto& r : records) list.push_back({{"checkin_date", r.date}, {"quota_awarded", r.quota}});
    json stats = {{"total_quota", totals.quota},
                  {"total_checkins", totals.count},
                  {"checkin_count", records.size()},
                  {"checked_in_today", store::checked_in(ctx.db, me.id, local_date("%Y-%m-%d"))},
                  {"records", list}};
    reply_data(res, {{"enabled", c.enabled}, {"min_quota", c.min_quota}, {"max_quota", c.max_quota}, {"stats", stats}});
}

void check_in(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    CheckinSetting c = setting_of(ctx);
    if (!c.enabled) return reply_error(res, "签到功能未启用");
    std::string today = local_date("%Y-%m-%d");
    auto awarded = store::check_in(
        ctx.db, me.id, today, reward(c), now_seconds(),
        [&](int64_t quota) {
            store::Log l;
            l.user_id = me.id;
            l.username = me.username;
            l.created_at = now_seconds();
            l.type = 4;  // system
            l.quota = quota;
            l.ip = req.remote_ip;
            l.content = "用户签到，获得额度 " + format_quota(ctx, quota);
            return l;
        },
        ctx.log_db);
    if (!awarded) return reply_error(res, "今日已签到");
    quota_changed(ctx, me.id, 0, *awarded);
    ctx.cache.refresh_user(me.id);
    res.send(200, json{{"success", true},
                       {"message", "签到成功"},
                       {"data", {{"quota_awarded", *awarded}, {"checkin_date", today}}}}
                      .dump());
}

}  // namespace

void register_checkin_api(http::Router& router, AppContext& ctx) {
    router.get("/api/user/checkin", with_user(ctx, kRoleCommon, &status));
    router.post("/api/user/checkin", with_user(ctx, kRoleCommon, &check_in));
}

}  // namespace gw::api
