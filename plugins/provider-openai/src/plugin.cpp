// The OpenAI provider: OpenAI and OpenAI-compatible upstreams at <base>/v1/..., Bearer auth.
#include "descriptor.hpp"
#include "openai_compat.hpp"

#include <gw/cpp/json_depth.hpp>
#include <gw/cpp/upstream_helpers.hpp>
#include <nlohmann/json.hpp>

#include <string>

namespace openai_plugin {
namespace {

using nlohmann::json;

const char* endpoint_path(gw_api_kind api) {
    switch (api) {
        case GW_API_COMPLETIONS:
            return "/v1/completions";
        case GW_API_EMBEDDINGS:
            return "/v1/embeddings";
        case GW_API_RESPONSES:
            return "/v1/responses";
        case GW_API_MODERATIONS:
            return "/v1/moderations";
        default:
            return "/v1/chat/completions";
    }
}

class OpenAIProvider final : public OpenAICompatProvider {
public:
    explicit OpenAIProvider(std::string_view channel_json) {
        json c = gw::parse_json_bounded<json>(channel_json);
        if (c.is_object() && c.contains("openai_organization") && c["openai_organization"].is_string())
            organization_ = c["openai_organization"];
    }

protected:
    // Custom channels (type 8) carry the full URL with {model} as a placeholder.
    std::string url(const gw::RequestInfo& info, const std::string& model) const override {
        if (info.channel_type == 8) {
            std::string url(info.base_url);
            for (size_t pos; (pos = url.find("{model}")) != std::string::npos;) url.replace(pos, 7, model);
            return url;
        }
        std::string media = media_path(info);
        if (!media.empty()) return gw::join_url(info.base_url, "/v1/" + media);
        if (info.api == GW_API_REALTIME) return gw::join_url(info.base_url, "/v1/realtime?model=" + model);
        if (info.api == GW_API_RESPONSES && info.client_path.rfind("/v1/responses/compact", 0) == 0)
            return gw::join_url(info.base_url, "/v1/responses/compact");
        return gw::join_url(info.base_url, endpoint_path(info.api));
    }

    void add_headers(const gw::RequestInfo& info, gw::UpstreamRequest& out) const override {
        out.header("Authorization", "Bearer " + std::string(info.api_key));
        if (!organization_.empty()) out.header("OpenAI-Organization", organization_);
    }

private:
    std::string organization_;
};

gw::PluginDefinition define() {
    gw::PluginDefinition def;
    def.provider<OpenAIProvider>(descriptor());
    return def;
}

}  // namespace
}  // namespace openai_plugin

GW_PLUGIN("org.newapi.provider.openai", "1.0.0", openai_plugin::define)
