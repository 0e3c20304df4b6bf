#include "api/cluster_api.hpp"

#include "api/auth.hpp"
#include "api/reply.hpp"
#include "cluster/node.hpp"
#include "store/database.hpp"

#include <nlohmann/json.hpp>

namespace gw::api {

namespace {

nlohmann::json cluster_json(const AppContext& ctx) {
    const cluster::Node& n = *ctx.node;
    nlohmann::json redis = {{"configured", n.redis_configured()}};
    if (n.redis_configured()) {
        redis["healthy"] = n.redis_healthy();
        redis["failures"] = n.redis_failures();
        redis["local_fallbacks"] = n.local_fallbacks();
        redis["sync_messages"] = n.sync_messages();
    }
    return {{"node_name", n.name()},
            {"node_type", n.master() ? "master" : "slave"},
            {"background_jobs", n.background_jobs()},
            {"database", store::dialect_name(ctx.db.dialect())},
            {"redis", redis}};
}

}  // namespace

void register_cluster_api(http::Router& router, AppContext& ctx) {
    router.get("/api/cluster", [&ctx](http::HttpRequest& req, const http::Responder& res) {
        if (!authenticate(req, res, ctx, kRoleAdmin)) return;
        reply_data(res, cluster_json(ctx));
    });
}

}  // namespace gw::api
