#include "api/health_api.hpp"

#include "plugin/catalog.hpp"
#include "plugin/registry.hpp"
#include "store/database.hpp"

#include <Poco/Data/Session.h>
#include <nlohmann/json.hpp>

namespace gw::api {
namespace {

using nlohmann::json;

std::string database_check(AppContext& ctx) {
    try {
        auto s = ctx.db.session();
        return store::query_int(ctx.db, s, "SELECT 1") == 1 ? "ok" : "unexpected answer";
    } catch (const std::exception& e) {
        return std::string("unreachable: ") + e.what();
    }
}

std::string plugins_check(AppContext& ctx) {
    auto registry = ctx.plugins.current();
    if (!registry) return "not loaded yet";
    return registry->loaded().empty() ? "none loaded" : "ok";
}

void ready(AppContext& ctx, const http::Responder& res) {
    json checks = {{"database", database_check(ctx)}, {"plugins", plugins_check(ctx)}};
    bool ok = checks["database"] == "ok" && checks["plugins"] == "ok";
    res.send(ok ? 200 : 503, json{{"status", ok ? "ready" : "not ready"}, {"checks", checks}}.dump(),
             "application/json", {{"Cache-Control", "no-store"}});
}

}  // namespace

void register_health_api(http::Router& router, AppContext& ctx) {
    router.get(
        "/healthz",
        [](http::HttpRequest&, const http::Responder& res) {
            res.send(200, R"({"status":"ok"})", "application/json", {{"Cache-Control", "no-store"}});
        },
        http::Exec::inline_);
    router.get("/readyz", [&ctx](http::HttpRequest&, const http::Responder& res) { ready(ctx, res); });
}

}  // namespace gw::api
