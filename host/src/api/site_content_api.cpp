#include "api/site_content_api.hpp"

#include "api/auth.hpp"
#include "api/reply.hpp"
#include "app/option_defaults.hpp"
#include "billing/price_book.hpp"
#include "common/json_bounded.hpp"
#include "store/cache.hpp"
#include "store/database.hpp"
#include "store/option_repo.hpp"

#include <Poco/Data/Session.h>
#include <nlohmann/json.hpp>

namespace gw::api {
namespace {

using nlohmann::json;
using H = const http::HttpRequest&;
using R = const http::Responder&;

// A page's text, as the option holding it (New API's GetAbout and friends).
void content(http::Router& router, AppContext& ctx, const char* path, const char* option) {
    router.get(path, [&ctx, option](H, R res) { reply_data(res, Options(ctx.cache).str(option)); });
}

// New API's TestStatus: the database answers, or 503.
void self_test(AppContext& ctx, R res) {
    try {
        auto s = ctx.db.session();
        store::query_int(ctx.db, s, "SELECT 1");
    } catch (const std::exception&) {
        return res.send(503, json{{"success", false}, {"message", "数据库连接失败"}}.dump());
    }
    res.send(200, json{{"success", true}, {"message", "Server is running"}}.dump());
}

json group_names(AppContext& ctx) {
    json names = json::array();
    json ratios = parse_json(Options(ctx.cache).str("GroupRatio"));
    if (ratios.is_object())
        for (const auto& [group, _] : ratios.items()) names.push_back(group);
    return names;
}

// The ratio tables, for another instance to copy, when ExposeRatioEnabled (New API's GetRatioConfig).
void ratio_config(AppContext& ctx, R res) {
    Options o(ctx.cache);
    if (!o.flag("ExposeRatioEnabled")) return reply_error(res, "倍率配置接口未启用");
    json data = json::object();
    static const std::pair<const char*, const char*> tables[] = {{"ModelRatio", "model_ratio"},
                                                                 {"CompletionRatio", "completion_ratio"},
                                                                 {"CacheRatio", "cache_ratio"},
                                                                 {"ModelPrice", "model_price"}};
    for (const auto& [option, name] : tables) {
        json table = parse_json(o.str(option));
        data[name] = table.is_object() ? table : json::object();
    }
    reply_data(res, data);
}

void reset_model_ratio(AppContext& ctx, R res) {
    store::save_option(ctx.db, "ModelRatio", price_defaults().at("ModelRatio"));
    ctx.cache.reload_options();
    res.send(200, json{{"success", true}, {"message", "模型倍率已重置"}, {"data", nullptr}}.dump());
}

// Uptime Kuma groups configured for the console's panel; none configured reads as none.
void uptime_status(AppContext& ctx, R res) {
    json groups = parse_json(Options(ctx.cache).str("console_setting.uptime_kuma_groups"));
    reply_data(res, groups.is_array() ? groups : json::array());
}

}  // namespace

void register_site_content_api(http::Router& router, AppContext& ctx) {
    content(router, ctx, "/api/user-agreement", "legal.user_agreement");
    content(router, ctx, "/api/privacy-policy", "legal.privacy_policy");
    content(router, ctx, "/api/about", "About");
    content(router, ctx, "/api/home_page_content", "HomePageContent");
    router.get("/api/status/test",
               with_user(ctx, kRoleAdmin, [](AppContext& c, const store::User&, H, R res) { self_test(c, res); }));
    router.get("/api/group/", with_user(ctx, kRoleAdmin, [](AppContext& c, const store::User&, H, R res) {
                   reply_data(res, group_names(c));
               }));
    router.post(
        "/api/option/rest_model_ratio",
        with_user(ctx, kRoleRoot, [](AppContext& c, const store::User&, H, R res) { reset_model_ratio(c, res); }));
    router.get("/api/ratio_config", [&ctx](H, R res) { ratio_config(ctx, res); });
    router.get("/api/uptime/status", [&ctx](H, R res) { uptime_status(ctx, res); });
}

}  // namespace gw::api
