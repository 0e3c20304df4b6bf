// @NAME@: one provider for channel type @TYPE@ whose upstream speaks OpenAI's chat completions
// (POST {base_url}/v1/chat/completions with a Bearer key). Replace build_request and
// parse_response with what your upstream needs; the golden test shows what the host expects.
#include <gw/cpp/plugin.hpp>
#include <gw/cpp/json_depth.hpp>
#include <gw/cpp/upstream_helpers.hpp>

#include <nlohmann/json.hpp>

namespace {

using nlohmann::json;

gw_usage usage_of(const json& u) {
    gw_usage out{};
    out.struct_size = sizeof(gw_usage);
    out.prompt_tokens = u.value("prompt_tokens", 0);
    out.completion_tokens = u.value("completion_tokens", 0);
    return out;
}

void report(const gw::Output& out, int status, std::string_view body) {
    json j = gw::parse_json_bounded<json>(body);
    std::string message = "upstream answered " + std::to_string(status);
    if (j.is_object() && j.contains("error") && j["error"].is_object()) message = j["error"].value("message", message);
    out.error().set(status, "upstream_error", "", message, gw::error_flags_for_status(status));
}

class Provider final : public gw::Provider {
public:
    explicit Provider(std::string_view /*channel settings JSON*/) {}

    gw_status build_request(gw::Request& req, std::string_view, gw::UpstreamRequest& out,
                            const gw::ErrorSink&) override {
        out.method("POST")
            .url(gw::join_url(req.info.base_url, "/v1/chat/completions"))
            .header("Authorization", "Bearer " + std::string(req.info.api_key))
            .header("Content-Type", "application/json")
            .original_body();
        return GW_OK;
    }

    gw_status parse_response(gw::Request&, int status, std::string_view body, const gw::Output& out) override {
        if (status < 200 || status >= 300) {
            report(out, status, body);
            return GW_ERR_UPSTREAM;
        }
        json j = gw::parse_json_bounded<json>(body);
        if (!j.is_object()) {
            out.error().set(502, "upstream_error", "bad_response_body", "upstream returned invalid JSON",
                            GW_ERRF_RETRYABLE);
            return GW_ERR_PARSE;
        }
        if (j.contains("usage") && j["usage"].is_object()) out.usage(usage_of(j["usage"]));
        out.emit(body);
        return GW_OK;
    }
};

gw::PluginDefinition define() {
    gw::ProviderSpec spec;
    spec.id = "@PLUGIN_ID@";
    spec.name = "@NAME@";
    spec.version = "0.1.0";
    spec.channel_types = {{@TYPE@, "@NAME@", "https://api.example.com", {"example-model"}}};
    spec.capabilities = {"chat", "wire.openai"};
    gw::PluginDefinition def;
    def.provider<Provider>(spec);
    return def;
}

}  // namespace

GW_PLUGIN("@PLUGIN_ID@", "0.1.0", define)
