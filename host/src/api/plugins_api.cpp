#include "api/plugins_api.hpp"

#include "api/auth.hpp"
#include "api/reply.hpp"
#include "plugin/registry.hpp"

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
    auto schema = nlohmann::json::parse(p.config_schema, nullptr, false);
    return {{"id", p.id},
            {"name", p.name},
            {"vendor", p.vendor},
            {"version", p.version},
            {"description", p.description},
            {"capabilities", p.capabilities},
            {"channel_types", types},
            {"config_schema", schema.is_discarded() ? nlohmann::json::object() : schema}};
}

nlohmann::json plugins_json(const plugin::Registry& registry) {
    nlohmann::json loaded = nlohmann::json::array(), refused = nlohmann::json::array();
    for (const auto& p : registry.loaded()) {
        nlohmann::json providers = nlohmann::json::array();
        for (const auto& prov : p.providers) providers.push_back(provider_json(prov));
        loaded.push_back({{"id", p.manifest.id},
                          {"version", p.manifest.version},
                          {"kind", p.manifest.kind},
                          {"abi", p.abi},
                          {"file", p.file},
                          {"sha256", p.manifest.sha256},
                          {"providers", providers}});
    }
    for (const auto& r : registry.refused()) refused.push_back({{"file", r.file}, {"reason", r.reason}});
    return {{"loaded", loaded}, {"refused", refused}};
}

}  // namespace

void register_plugins_api(http::Router& router, AppContext& ctx) {
    router.get("/api/plugins", [&ctx](http::HttpRequest& req, const http::Responder& res) {
        if (!authenticate(req, res, ctx, kRoleAdmin)) return;
        reply_data(res, plugins_json(ctx.plugins));
    });
}

}  // namespace gw::api
