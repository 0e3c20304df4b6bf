// The OpenAI provider: builds OpenAI-compatible upstream requests and reads their answers.
#include "descriptor.hpp"

#include <gw/cpp/plugin.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace openai_plugin {
namespace {

using nlohmann::json;

const char* endpoint_path(gw_api_kind api) {
    switch (api) {
        case GW_API_COMPLETIONS: return "/v1/completions";
        case GW_API_EMBEDDINGS: return "/v1/embeddings";
        case GW_API_RESPONSES: return "/v1/responses";
        case GW_API_MODERATIONS: return "/v1/moderations";
        case GW_API_IMAGES: return "/v1/images/generations";
        default: return "/v1/chat/completions";
    }
}

std::string trim_slash(std::string_view s) {
    while (!s.empty() && s.back() == '/') s.remove_suffix(1);
    return std::string(s);
}

// Custom channels (type 8) carry the full URL with {model} as a placeholder.
std::string request_url(const gw::RequestInfo& info) {
    if (info.channel_type == 8) {
        std::string url(info.base_url);
        for (size_t pos; (pos = url.find("{model}")) != std::string::npos;)
            url.replace(pos, 7, info.upstream_model);
        return url;
    }
    return trim_slash(info.base_url) + endpoint_path(info.api);
}

gw_usage usage_from(const json& u) {
    gw_usage out{};
    out.struct_size = sizeof(gw_usage);
    out.prompt_includes_cache = 1;
    out.prompt_tokens = u.value("prompt_tokens", u.value("input_tokens", int64_t{0}));
    out.completion_tokens = u.value("completion_tokens", u.value("output_tokens", int64_t{0}));
    out.total_tokens = u.value("total_tokens", out.prompt_tokens + out.completion_tokens);
    for (const char* k : {"prompt_tokens_details", "input_tokens_details"})
        if (u.contains(k) && u[k].is_object()) out.cached_tokens = u[k].value("cached_tokens", int64_t{0});
    for (const char* k : {"completion_tokens_details", "output_tokens_details"})
        if (u.contains(k) && u[k].is_object()) out.reasoning_tokens = u[k].value("reasoning_tokens", int64_t{0});
    return out;
}

// Upstream error bodies: {"error":{"message","type","code"}} or a bare string.
void report_error(int status, std::string_view body, const gw::Output& out) {
    json j = json::parse(body, nullptr, false);
    std::string message = std::string(body), type = "upstream_error", code;
    if (!j.is_discarded() && j.contains("error")) {
        const json& e = j["error"];
        if (e.is_object()) {
            message = e.value("message", message);
            if (e.contains("type") && e["type"].is_string()) type = e["type"];
            if (e.contains("code") && e["code"].is_string()) code = e["code"];
        } else if (e.is_string()) {
            message = e.get<std::string>();
        }
    }
    uint32_t flags = 0;
    if (status == 401 || status == 403) flags |= GW_ERRF_DISABLE_CHANNEL;
    if (status == 429 || status >= 500) flags |= GW_ERRF_RETRYABLE;
    if (status == 400 || status == 404 || status == 413 || status == 422) flags |= GW_ERRF_CLIENT_FAULT;
    out.error().set(status, type, code, message, flags);
}

class OpenAIProvider final : public gw::Provider {
public:
    explicit OpenAIProvider(std::string_view channel_json) {
        json c = json::parse(channel_json, nullptr, false);
        if (c.is_object() && c.contains("openai_organization") && c["openai_organization"].is_string())
            organization_ = c["openai_organization"];
    }

    gw_status build_request(gw::Request& req, std::string_view, gw::UpstreamRequest& out,
                            const gw::ErrorSink&) override {
        const auto& info = req.info;
        out.method("POST").url(request_url(info));
        out.header("Authorization", "Bearer " + std::string(info.api_key));
        out.header("Content-Type", "application/json");
        if (!organization_.empty()) out.header("OpenAI-Organization", organization_);
        out.original_body().framing(info.stream ? GW_FRAMING_SSE : GW_FRAMING_NONE);
        return GW_OK;
    }

    gw_status parse_response(gw::Request&, int status, std::string_view body, const gw::Output& out) override {
        if (status < 200 || status >= 300) {
            report_error(status, body, out);
            return GW_ERR_UPSTREAM;
        }
        json j = json::parse(body, nullptr, false);
        if (j.is_discarded()) {
            out.error().set(502, "upstream_error", "bad_response_body", "upstream returned invalid JSON", GW_ERRF_RETRYABLE);
            return GW_ERR_PARSE;
        }
        if (j.contains("usage") && j["usage"].is_object()) out.usage(usage_from(j["usage"]));
        out.emit(body);
        return GW_OK;
    }

    gw_status parse_stream_event(gw::Request&, const gw_stream_event& ev, const gw::Output& out) override {
        std::string_view data = gw::to_view(ev.data);
        if (data == "[DONE]") return GW_OK;
        json j = json::parse(data, nullptr, false);
        if (!j.is_discarded() && j.contains("usage") && j["usage"].is_object()) out.usage(usage_from(j["usage"]));
        out.emit(gw::to_view(ev.event), data);
        return GW_OK;
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
