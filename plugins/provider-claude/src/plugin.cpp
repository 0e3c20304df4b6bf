// The Anthropic provider: Messages requests passed through natively (the host converts other
// client formats), with New API's "-thinking" model suffix and usage including cache tokens.
#include "claude_usage.hpp"
#include "descriptor.hpp"
#include "thinking_suffix.hpp"

#include <gw/cpp/json_depth.hpp>
#include <gw/cpp/plugin.hpp>
#include <gw/cpp/upstream_helpers.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace claude_plugin {
namespace {

using nlohmann::json;

bool wants_beta_query(const gw::RequestInfo& info, bool channel_default) {
    return channel_default || info.client_path.find("beta=true") != std::string_view::npos;
}

// Anthropic errors: {"type":"error","error":{"type":"overloaded_error","message":"..."}}.
void report_error(int status, std::string_view body, const gw::ErrorSink& err) {
    json j = gw::parse_json_bounded<json>(body);
    std::string message(body), type = "upstream_error";
    if (j.is_object() && j.contains("error") && j["error"].is_object()) {
        const json& e = j["error"];
        if (e.contains("message") && e["message"].is_string()) message = e["message"];
        if (e.contains("type") && e["type"].is_string()) type = e["type"];
    }
    uint32_t flags = gw::error_flags_for_status(status);
    err.set(status, type, "", message, flags);
}

struct ClaudeRequest : gw::Request {
    using gw::Request::Request;
    gw_usage usage{};
};

class ClaudeProvider final : public gw::Provider {
public:
    explicit ClaudeProvider(std::string_view channel_json) {
        json c = gw::parse_json_bounded<json>(channel_json);
        if (!c.is_object() || !c.contains("settings") || !c["settings"].is_string()) return;
        json s = gw::parse_json_bounded<json>(c["settings"].get<std::string>());
        beta_query_ = s.is_object() && s.contains("claude_beta_query") && s["claude_beta_query"] == true;
    }

    std::unique_ptr<gw::Request> begin(const gw::RequestInfo& info) override {
        return std::make_unique<ClaudeRequest>(info);
    }

    gw_status build_request(gw::Request& req, std::string_view body, gw::UpstreamRequest& out,
                            const gw::ErrorSink& err) override {
        const auto& info = req.info;
        if (info.body_wire != GW_WIRE_CLAUDE) {
            err.set(500, "new_api_error", "unsupported_wire", "the Anthropic provider speaks only Claude Messages", 0);
            return GW_ERR_UNSUPPORTED;
        }
        std::string model(info.upstream_model);
        json j = model.ends_with("-thinking") ? gw::parse_json_bounded<json>(body) : json();
        bool changed = j.is_object() && apply_thinking_suffix(j, model);
        bool counting = info.client_path.rfind("/v1/messages/count_tokens", 0) == 0;  // Anthropic counts for free
        std::string url = gw::join_url(info.base_url, counting ? "/v1/messages/count_tokens" : "/v1/messages");
        if (wants_beta_query(info, beta_query_)) url += "?beta=true";
        out.method("POST").url(url);
        out.header("x-api-key", info.api_key);
        std::string_view version = info.client_header("anthropic-version");
        out.header("anthropic-version", version.empty() ? "2023-06-01" : version);
        if (std::string_view beta = info.client_header("anthropic-beta"); !beta.empty())
            out.header("anthropic-beta", beta);
        out.header("content-type", "application/json");
        if (changed)
            out.body(j.dump(-1, ' ', false, json::error_handler_t::replace));
        else
            out.original_body();
        out.framing(info.stream ? GW_FRAMING_SSE : GW_FRAMING_NONE);
        return GW_OK;
    }

    gw_status on_response_head(gw::Request&, const gw::ResponseHead& head, gw_framing& framing,
                               const gw::ErrorSink&) override {
        gw::read_json_answer_whole(head, framing);
        return GW_OK;
    }

    gw_status parse_response(gw::Request& base, int status, std::string_view body, const gw::Output& out) override {
        auto& req = static_cast<ClaudeRequest&>(base);
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
        if (j.value("type", "") == "error") {
            report_error(500, body, out.error());
            return GW_ERR_UPSTREAM;
        }
        if (j.contains("usage") && j["usage"].is_object()) {
            merge_usage(j["usage"], req.usage);
            out.usage(req.usage);
        }
        if (j.contains("id") && j["id"].is_string()) out.meta("response_id", j["id"].get<std::string>());
        out.emit(body);
        return GW_OK;
    }

    // Usage comes in two parts: input and cache counts in message_start, output in message_delta.
    gw_status parse_stream_event(gw::Request& base, const gw_stream_event& ev, const gw::Output& out) override {
        auto& req = static_cast<ClaudeRequest&>(base);
        std::string_view event = gw::to_view(ev.event), data = gw::to_view(ev.data);
        if (event == "error") {
            report_error(529, data, out.error());
            return GW_ERR_UPSTREAM;
        }
        if (event == "message_start" || event == "message_delta") {
            json j = gw::parse_json_bounded<json>(data);
            const json* u = nullptr;
            if (j.is_object() && event == "message_start" && j.contains("message") && j["message"].contains("usage"))
                u = &j["message"]["usage"];
            if (j.is_object() && event == "message_delta" && j.contains("usage")) u = &j["usage"];
            if (u && u->is_object()) {
                merge_usage(*u, req.usage);
                out.usage(req.usage);
            }
        }
        out.emit(event, data);
        return GW_OK;
    }

private:
    bool beta_query_ = false;
};

gw::PluginDefinition define() {
    gw::PluginDefinition def;
    def.provider<ClaudeProvider>(descriptor());
    return def;
}

}  // namespace
}  // namespace claude_plugin

GW_PLUGIN("org.newapi.provider.claude", "1.0.0", claude_plugin::define)
