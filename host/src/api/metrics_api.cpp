#include "api/metrics_api.hpp"

#include "api/auth.hpp"
#include "app/config.hpp"
#include "app/version.hpp"
#include "billing/ledger.hpp"
#include "cluster/node.hpp"
#include "common/digest.hpp"
#include "metrics/exposition.hpp"
#include "metrics/process_stats.hpp"
#include "metrics/registry.hpp"
#include "plugin/catalog.hpp"
#include "plugin/host_table.hpp"
#include "plugin/registry.hpp"
#include "relay/channel_health.hpp"
#include "store/cache.hpp"

#include <set>

namespace gw::api {
namespace {

using metrics::write_header;
using metrics::write_sample;

void channel_state(std::string& out, AppContext& ctx, relay::ChannelHealth& health) {
    auto channels = ctx.cache.channels.all();
    std::set<int64_t> open;
    health.add_blocked(open);
    write_header(out, "gw_channel_status", "Channel status: 1 enabled, 2 disabled by hand, 3 disabled automatically.",
                 "gauge");
    for (const auto& [id, c] : *channels)
        write_sample(out, "gw_channel_status",
                     {{"channel", std::to_string(id)}, {"name", c->name}, {"type", std::to_string(c->type)}},
                     c->status);
    write_header(out, "gw_channel_breaker_open", "1 while the channel's circuit breaker skips it.", "gauge");
    for (const auto& [id, c] : *channels)
        write_sample(out, "gw_channel_breaker_open", {{"channel", std::to_string(id)}}, open.count(id) ? 1 : 0);
}

void ledger_state(std::string& out, AppContext& ctx) {
    if (!ctx.ledger) return;
    auto backlog = ctx.ledger->backlog();
    write_header(out, "gw_ledger_backlog_charges", "Settled charges not yet written to the database.", "gauge");
    write_sample(out, "gw_ledger_backlog_charges", {}, static_cast<double>(backlog.charges));
    write_header(out, "gw_ledger_backlog_quota", "Quota those charges move.", "gauge");
    write_sample(out, "gw_ledger_backlog_quota", {}, static_cast<double>(backlog.quota));
    write_header(out, "gw_ledger_flush_lag_seconds", "Seconds since the last flush that worked, while charges wait.",
                 "gauge");
    write_sample(out, "gw_ledger_flush_lag_seconds", {}, ctx.ledger->flush_lag_seconds());
}

void redis_state(std::string& out, AppContext& ctx) {
    if (!ctx.node || !ctx.node->redis_configured()) return;
    write_header(out, "gw_redis_up", "1 while Redis answers.", "gauge");
    write_sample(out, "gw_redis_up", {}, ctx.node->redis_healthy() ? 1 : 0);
    write_header(out, "gw_redis_errors_total", "Redis operations that failed to reach the server.", "counter");
    write_sample(out, "gw_redis_errors_total", {}, static_cast<double>(ctx.node->redis_failures()));
}

void plugin_state(std::string& out, AppContext& ctx) {
    auto registry = ctx.plugins.current();
    write_header(out, "gw_plugin_loaded", "Plugins loaded, by id, version and ABI.", "gauge");
    if (registry)
        for (const auto& p : registry->loaded())
            write_sample(out, "gw_plugin_loaded",
                         {{"id", p.manifest.id}, {"version", p.manifest.version}, {"abi", p.abi}}, 1);
    write_header(out, "gw_plugins_refused", "Plugin files in the folder that were refused.", "gauge");
    write_sample(out, "gw_plugins_refused", {}, registry ? static_cast<double>(registry->refused().size()) : 0);
    write_header(out, "gw_plugin_metric", "Metrics the plugins define through the host table.", "untyped");
    plugin::for_each_metric([&](const std::string& name, bool, int64_t value) {
        write_sample(out, "gw_plugin_metric", {{"name", name}}, static_cast<double>(value));
    });
}

void process_state(std::string& out, AppContext& ctx) {
    auto p = metrics::read_process_stats();
    write_header(out, "process_resident_memory_bytes", "Resident memory size in bytes.", "gauge");
    write_sample(out, "process_resident_memory_bytes", {}, static_cast<double>(p.resident_bytes));
    write_header(out, "process_threads", "Threads of the process.", "gauge");
    write_sample(out, "process_threads", {}, static_cast<double>(p.threads));
    write_header(out, "process_open_fds", "Open file descriptors.", "gauge");
    write_sample(out, "process_open_fds", {}, static_cast<double>(p.open_fds));
    write_header(out, "process_max_fds", "Descriptor limit.", "gauge");
    write_sample(out, "process_max_fds", {}, static_cast<double>(p.max_fds));
    write_header(out, "process_start_time_seconds", "Start time of the process since the epoch, in seconds.", "gauge");
    write_sample(out, "process_start_time_seconds", {}, static_cast<double>(ctx.start_time));
    write_header(out, "gw_build_info", "The running version.", "gauge");
    write_sample(out, "gw_build_info", {{"version", kVersion}}, 1);
}

void answer(AppContext& ctx, relay::ChannelHealth& health, const http::Responder& res) {
    res.send(200, render_metrics(ctx, health), "text/plain; version=0.0.4; charset=utf-8",
             {{"Cache-Control", "no-store"}});
}

bool bearer_matches(const http::HttpRequest& req, const std::string& token) {
    if (token.empty()) return false;
    return sha256(req.header("authorization")) == sha256("Bearer " + token);
}

// METRICS_TOKEN, or an enabled admin's session or access token (Prometheus sends a bearer token
// and no New-Api-User, so that header is not required here).
bool scraper_allowed(const http::HttpRequest& req, AppContext& ctx) {
    if (bearer_matches(req, ctx.config.metrics_token)) return true;
    auto user = credential_owner(req, ctx);
    return user && user->status == 1 && user->role >= kRoleAdmin;
}

}  // namespace

std::string render_metrics(AppContext& ctx, relay::ChannelHealth& health) {
    std::string out;
    out.reserve(32768);
    metrics::registry().render(out);
    channel_state(out, ctx, health);
    ledger_state(out, ctx);
    redis_state(out, ctx);
    plugin_state(out, ctx);
    process_state(out, ctx);
    return out;
}

void register_metrics_api(http::Router& router, AppContext& ctx, relay::ChannelHealth& health) {
    router.get("/metrics", [&ctx, &health](http::HttpRequest& req, const http::Responder& res) {
        if (scraper_allowed(req, ctx) || authenticate(req, res, ctx, kRoleAdmin)) answer(ctx, health, res);
    });
}

void register_open_metrics(http::Router& router, AppContext& ctx, relay::ChannelHealth& health) {
    router.get("/metrics",
               [&ctx, &health](http::HttpRequest&, const http::Responder& res) { answer(ctx, health, res); });
}

}  // namespace gw::api
