// The Azure OpenAI provider: deployment URLs with an api-version, the api-key header, and the v1
// Responses endpoint. Bodies, usage and errors are OpenAI's (the shared OpenAI-compatible core).
#include "descriptor.hpp"
#include "openai_compat.hpp"

#include <gw/cpp/json_depth.hpp>
#include <gw/cpp/upstream_helpers.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <string>

namespace azure_plugin {
namespace {

using nlohmann::json;

// Channels created before 2025-05-10 name deployments without dots (gpt-3.5 -> gpt-35).
constexpr int64_t kDotsKeptSince = 1746835200;

std::string default_api_version() {
    const char* env = std::getenv("AZURE_DEFAULT_API_VERSION");
    return env && *env ? env : "2025-04-01-preview";
}

const char* task_path(gw_api_kind api) {
    switch (api) {
        case GW_API_COMPLETIONS:
            return "completions";
        case GW_API_EMBEDDINGS:
            return "embeddings";
        default:
            return "chat/completions";
    }
}

class AzureProvider final : public openai_plugin::OpenAICompatProvider {
public:
    explicit AzureProvider(std::string_view channel_json) {
        json c = gw::parse_json_bounded<json>(channel_json);
        if (!c.is_object()) return;
        if (c.contains("other") && c["other"].is_string() && !c["other"].get<std::string>().empty())
            api_version_ = c["other"];
        if (c.contains("created_time") && c["created_time"].is_number_integer())
            strip_dots_ = c["created_time"].get<int64_t>() > 0 && c["created_time"].get<int64_t>() < kDotsKeptSince;
        if (!c.contains("settings") || !c["settings"].is_string()) return;
        json s = gw::parse_json_bounded<json>(c["settings"].get<std::string>());
        if (s.is_object() && s.contains("azure_responses_version") && s["azure_responses_version"].is_string())
            responses_version_ = s["azure_responses_version"];
    }

protected:
    std::string url(const gw::RequestInfo& info, const std::string& model) const override {
        if (info.api == GW_API_RESPONSES)
            return gw::join_url(info.base_url, "/openai/v1/responses") +
                   (responses_version_.empty() ? "" : "?api-version=" + responses_version_);
        std::string deployment = model;
        if (strip_dots_) std::erase(deployment, '.');
        if (info.api == GW_API_REALTIME)
            return gw::join_url(info.base_url,
                                "/openai/realtime?api-version=" + api_version_ + "&deployment=" + deployment);
        std::string media = openai_plugin::media_path(info);
        return gw::join_url(info.base_url, "/openai/deployments/" + deployment + "/" +
                                               (media.empty() ? task_path(info.api) : media) +
                                               "?api-version=" + api_version_);
    }

    void add_headers(const gw::RequestInfo& info, gw::UpstreamRequest& out) const override {
        out.header("api-key", info.api_key);
    }

private:
    std::string api_version_ = default_api_version(), responses_version_;
    bool strip_dots_ = false;
};

gw::PluginDefinition define() {
    gw::PluginDefinition def;
    def.provider<AzureProvider>(descriptor());
    return def;
}

}  // namespace
}  // namespace azure_plugin

GW_PLUGIN("org.newapi.provider.azure", "1.0.0", azure_plugin::define)
