// The Gemini provider: generateContent, streamGenerateContent (SSE) and embeddings passed through
// natively (the host converts other client formats), with New API's thinking suffixes, an API
// version per model, and safety settings on converted requests.
#include "descriptor.hpp"
#include "imagen.hpp"
#include "safety.hpp"
#include "thinking_suffix.hpp"

#include <gw/cpp/json_depth.hpp>
#include <gw/cpp/plugin.hpp>
#include <gw/cpp/upstream_helpers.hpp>

#include <nlohmann/json.hpp>

#include <ctime>
#include <map>
#include <string>

namespace gemini_plugin {
namespace {

using nlohmann::json;

bool may_carry_suffix(const std::string& model) {
    for (const char* s : {"-thinking", "-nothinking", "-low", "-medium", "-high"})
        if (model.find(s) != std::string::npos) return true;
    return false;
}

int64_t int_of(const json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

// Gemini counts thoughts apart from candidates; both are output the caller pays for.
gw_usage usage_from(const json& u) {
    gw_usage out{};
    out.struct_size = sizeof(gw_usage);
    out.prompt_includes_cache = 1;
    out.prompt_tokens = int_of(u, "promptTokenCount");
    out.reasoning_tokens = int_of(u, "thoughtsTokenCount");
    out.completion_tokens = int_of(u, "candidatesTokenCount") + out.reasoning_tokens;
    out.cached_tokens = int_of(u, "cachedContentTokenCount");
    out.total_tokens = int_of(u, "totalTokenCount");
    if (!out.total_tokens) out.total_tokens = out.prompt_tokens + out.completion_tokens;
    return out;
}

// Google errors: {"error":{"code":400,"message":"...","status":"INVALID_ARGUMENT"}}.
void report_error(int status, std::string_view body, const gw::ErrorSink& err) {
    json j = gw::parse_json_bounded<json>(body);
    std::string message(body), type = "upstream_error";
    if (j.is_array() && !j.empty()) j = j[0];
    if (j.is_object() && j.contains("error") && j["error"].is_object()) {
        const json& e = j["error"];
        if (e.contains("message") && e["message"].is_string()) message = e["message"];
        if (e.contains("status") && e["status"].is_string()) type = e["status"];
    }
    uint32_t flags = gw::error_flags_for_status(status);
    err.set(status, type, "", message, flags);
}

class GeminiProvider final : public gw::Provider {
public:
    explicit GeminiProvider(std::string_view channel_json) {
        json c = gw::parse_json_bounded<json>(channel_json);
        if (!c.is_object()) return;
        if (c.contains("other") && c["other"].is_string() && !c["other"].get<std::string>().empty())
            version_ = c["other"];
        if (!c.contains("settings") || !c["settings"].is_string()) return;
        json s = gw::parse_json_bounded<json>(c["settings"].get<std::string>());
        if (!s.is_object()) return;
        if (s.contains("gemini_api_versions") && s["gemini_api_versions"].is_object())
            for (const auto& [model, v] : s["gemini_api_versions"].items())
                if (v.is_string()) versions_[model] = v.get<std::string>();
        if (s.contains("gemini_safety_setting") && s["gemini_safety_setting"].is_string())
            safety_ = s["gemini_safety_setting"];
    }

    std::unique_ptr<gw::Request> begin(const gw::RequestInfo& info) override {
        return std::make_unique<gw::Request>(info);
    }

    gw_status build_request(gw::Request& req, std::string_view body, gw::UpstreamRequest& out,
                            const gw::ErrorSink& err) override {
        const auto& info = req.info;
        if (info.api == GW_API_IMAGES) return build_imagen(info, body, out);
        if (info.body_wire != GW_WIRE_GEMINI) {
            err.set(500, "new_api_error", "unsupported_wire", "the Gemini provider speaks only Gemini's API", 0);
            return GW_ERR_UNSUPPORTED;
        }
        std::string model(info.upstream_model);
        bool converted = info.client_wire != GW_WIRE_GEMINI && info.api == GW_API_CHAT;
        json j = converted || may_carry_suffix(model) ? gw::parse_json_bounded<json>(body) : json();
        bool changed = false;
        if (j.is_object()) {
            changed = info.api == GW_API_CHAT && apply_thinking_suffix(j, model);
            if (converted) changed = add_safety_settings(j, safety_) || changed;
        }
        out.method("POST").url(url(info, model));
        out.header("x-goog-api-key", info.api_key);
        out.header("content-type", "application/json");
        if (changed)
            out.body(j.dump(-1, ' ', false, json::error_handler_t::replace));
        else
            out.original_body();
        out.framing(info.stream && info.api == GW_API_CHAT ? GW_FRAMING_SSE : GW_FRAMING_NONE);
        return GW_OK;
    }

    gw_status on_response_head(gw::Request&, const gw::ResponseHead& head, gw_framing& framing,
                               const gw::ErrorSink&) override {
        gw::read_json_answer_whole(head, framing);
        return GW_OK;
    }

    gw_status parse_response(gw::Request& req, int status, std::string_view body, const gw::Output& out) override {
        if (status < 200 || status >= 300) {
            report_error(status, body, out.error());
            return GW_ERR_UPSTREAM;
        }
        json j = gw::parse_json_bounded<json>(body);
        if (!j.is_object()) {
            out.error().set(502, "upstream_error", "bad_response_body", "upstream returned invalid JSON",
                            GW_ERRF_RETRYABLE);
            return GW_ERR_PARSE;
        }
        if (j.contains("error")) {
            report_error(500, body, out.error());
            return GW_ERR_UPSTREAM;
        }
        if (req.info.api == GW_API_IMAGES) {
            out.emit(openai_images(j, static_cast<int64_t>(std::time(nullptr))).dump());
            return GW_OK;
        }
        if (j.contains("usageMetadata") && j["usageMetadata"].is_object()) out.usage(usage_from(j["usageMetadata"]));
        out.emit(body);
        return GW_OK;
    }

    // Every chunk carries the usage so far; the last one counts.
    gw_status parse_stream_event(gw::Request&, const gw_stream_event& ev, const gw::Output& out) override {
        std::string_view data = gw::to_view(ev.data);
        if (data.find("\"usageMetadata\"") != std::string_view::npos ||
            data.find("\"error\"") != std::string_view::npos) {
            json j = gw::parse_json_bounded<json>(data);
            if (j.is_object() && j.contains("error") && !j.contains("candidates")) {
                report_error(500, data, out.error());
                return GW_ERR_UPSTREAM;
            }
            if (j.is_object() && j.contains("usageMetadata") && j["usageMetadata"].is_object())
                out.usage(usage_from(j["usageMetadata"]));
        }
        out.emit(data);
        return GW_OK;
    }

private:
    gw_status build_imagen(const gw::RequestInfo& info, std::string_view body, gw::UpstreamRequest& out) const {
        json in = gw::parse_json_bounded<json>(body);
        std::string model(info.upstream_model);
        out.method("POST").url(gw::join_url(info.base_url, "/" + version_ + "/models/" + model + ":predict"));
        out.header("x-goog-api-key", info.api_key);
        out.header("content-type", "application/json");
        out.body(
            imagen_request(in.is_object() ? in : json::object()).dump(-1, ' ', false, json::error_handler_t::replace));
        out.framing(GW_FRAMING_NONE);
        return GW_OK;
    }

    std::string url(const gw::RequestInfo& info, const std::string& model) const {
        auto v = versions_.find(model);
        std::string version = v != versions_.end() ? v->second : version_;
        std::string method;
        // Converted embeddings arrive in the batch form, whatever their count.
        bool batch =
            info.client_wire != GW_WIRE_GEMINI || info.client_path.find("batchEmbedContents") != std::string_view::npos;
        if (info.api == GW_API_EMBEDDINGS)
            method = batch ? "batchEmbedContents" : "embedContent";
        else if (info.client_path.find(":countTokens") != std::string_view::npos)
            method = "countTokens";
        else
            method = info.stream ? "streamGenerateContent?alt=sse" : "generateContent";
        return gw::join_url(info.base_url, "/" + version + "/models/" + model + ":" + method);
    }

    std::string version_ = "v1beta";
    std::map<std::string, std::string> versions_;
    std::string safety_ = default_threshold();
};

gw::PluginDefinition define() {
    gw::PluginDefinition def;
    def.provider<GeminiProvider>(descriptor());
    return def;
}

}  // namespace
}  // namespace gemini_plugin

GW_PLUGIN("org.newapi.provider.gemini", "1.0.0", gemini_plugin::define)
