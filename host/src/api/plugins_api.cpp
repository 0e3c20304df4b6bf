#include "api/plugins_api.hpp"

#include "api/auth.hpp"
#include "api/reply.hpp"
#include "app/option_defaults.hpp"
#include "common/json_bounded.hpp"
#include "plugin/catalog.hpp"
#include "store/cache.hpp"
#include "store/option_repo.hpp"

#include <nlohmann/json.hpp>

namespace gw::api {
namespace {

nlohmann::json provider_json(const plugin::ProviderInfo& p) {
    nlohmann::json types = nlohmann::json::array();
    for (const auto& t : p.channel_types)
        types.push_back({{"id", t.id},
                         {"name", t.name},
                         {"default_base_url", t.default_base_url},
                         {"default_models", t.default_models}});
    auto schema = parse_json(p.config_schema);
    return {{"id", p.id},
            {"name", p.name},
            {"vendor", p.vendor},
            {"version", p.version},
            {"description", p.description},
            {"capabilities", p.capabilities},
            {"channel_types", types},
            {"config_schema", schema.is_discarded() ? nlohmann::json::object() : schema}};
}

nlohmann::json payment_json(const plugin::PaymentInfo& p) {
    auto schema = parse_json(p.config_schema);
    return {{"id", p.id},
            {"name", p.name},
            {"vendor", p.vendor},
            {"version", p.version},
            {"methods", p.methods},
            {"currencies", p.currencies},
            {"webhook_paths", p.webhook_paths},
            {"config_schema", schema.is_discarded() ? nlohmann::json::object() : schema}};
}

nlohmann::json plugins_json(const plugin::Registry& registry) {
    nlohmann::json loaded = nlohmann::json::array(), refused = nlohmann::json::array();
    for (const auto& p : registry.loaded()) {
        nlohmann::json providers = nlohmann::json::array();
        for (const auto& prov : p.providers) providers.push_back(provider_json(prov));
        nlohmann::json payments = nlohmann::json::array();
        for (const auto& pay : p.payments) payments.push_back(payment_json(pay));
        loaded.push_back({{"id", p.manifest.id},
                          {"version", p.manifest.version},
                          {"kind", p.manifest.kind},
                          {"abi", p.abi},
                          {"file", p.file},
                          {"sha256", p.manifest.sha256},
                          {"providers", providers},
                          {"payments", payments}});
    }
    for (const auto& r : registry.refused()) refused.push_back({{"file", r.file}, {"reason", r.reason}});
    nlohmann::json disabled = nlohmann::json::array();
    for (const auto& d : registry.disabled())
        disabled.push_back({{"id", d.id}, {"version", d.version}, {"file", d.file}});
    return {{"loaded", loaded}, {"refused", refused}, {"disabled", disabled}};
}

// Turns a plugin off or on (the PluginsDisabled option), then reloads.
void set_enabled(AppContext& ctx, const http::HttpRequest& req, const http::Responder& res, bool enabled) {
    std::string id = req.param("id");
    std::set<std::string> ids = disabled_plugins(ctx.cache);
    bool known = ids.count(id) > 0 || ctx.plugins.current()->has_id(id);
    if (!known) return reply_error(res, "插件不存在 (no such plugin): " + id);
    if (enabled)
        ids.erase(id);
    else
        ids.insert(id);
    store::save_option(ctx.db, "PluginsDisabled", nlohmann::json(ids).dump());
    ctx.cache.reload_options();
    reply_data(res, plugins_json(*ctx.plugins.reload()));
}

}  // namespace

namespace {

// New API's DashboardListModels: for each channel type, the models its adaptor lists — here the
// default models of the plugin serving the type.
nlohmann::json models_by_channel_type(const plugin::Registry& registry) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& plugin : registry.loaded())
        for (const auto& provider : plugin.providers)
            for (const auto& type : provider.channel_types) out[std::to_string(type.id)] = type.default_models;
    return out;
}

}  // namespace

void register_plugins_api(http::Router& router, AppContext& ctx) {
    router.get("/api/models",
               with_user(ctx, kRoleCommon,
                         [](AppContext& c, const store::User&, const http::HttpRequest&, const http::Responder& res) {
                             reply_data(res, models_by_channel_type(*c.plugins.current()));
                         }));
    router.get("/api/plugins", [&ctx](http::HttpRequest& req, const http::Responder& res) {
        if (!authenticate(req, res, ctx, kRoleAdmin)) return;
        reply_data(res, plugins_json(*ctx.plugins.current()));
    });
    router.post("/api/plugins/reload", [&ctx](http::HttpRequest& req, const http::Responder& res) {
        if (!authenticate(req, res, ctx, kRoleAdmin)) return;
        reply_data(res, plugins_json(*ctx.plugins.reload()));
    });
    router.post("/api/plugins/:id/disable", [&ctx](http::HttpRequest& req, const http::Responder& res) {
        if (authenticate(req, res, ctx, kRoleAdmin)) set_enabled(ctx, req, res, false);
    });
    router.post("/api/plugins/:id/enable", [&ctx](http::HttpRequest& req, const http::Responder& res) {
        if (authenticate(req, res, ctx, kRoleAdmin)) set_enabled(ctx, req, res, true);
    });
}

}  // namespace gw::api
