// Dify (channel type 37): ChatFlow and Agent apps through POST {base}/v1/chat-messages with the
// app's Bearer key, spoken to as an OpenAI chat completions upstream (the host converts Claude,
// Gemini and Responses clients to that first).
#include "dify_wire.hpp"

#include <gw/cpp/json_depth.hpp>
#include <gw/cpp/plugin.hpp>
#include <gw/cpp/upstream_helpers.hpp>

#include <cstdlib>
#include <string>

namespace dify_plugin {
namespace {

using nlohmann::json;

json parse(std::string_view text) {
    return gw::parse_json_bounded<json>(text);
}

std::string str(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

gw_usage to_usage(const json& u) {
    gw_usage out{};
    out.struct_size = sizeof(gw_usage);
    out.prompt_includes_cache = 1;
    out.prompt_tokens = u.value("prompt_tokens", int64_t{0});
    out.completion_tokens = u.value("completion_tokens", int64_t{0});
    out.total_tokens = u.value("total_tokens", int64_t{0});
    return out;
}

// Dify's errors: {"code": "invalid_param", "message": "...", "status": 400}.
void report_error(int status, std::string_view body, const gw::Output& out) {
    json j = parse(body);
    std::string message = j.is_object() && !str(j, "message").empty() ? str(j, "message") : std::string(body);
    std::string code = j.is_object() ? str(j, "code") : "";
    out.error().set(status, "upstream_error", code, message, gw::error_flags_for_status(status));
}

struct DifyRequest : gw::Request {
    using gw::Request::Request;
    bool wants_usage = false;  // stream_options.include_usage
};

class DifyProvider final : public gw::Provider {
public:
    explicit DifyProvider(std::string_view) {
        const char* env = std::getenv("DIFY_DEBUG");
        debug_ = !(env && std::string(env) == "false");  // New API's default: on
    }

    std::unique_ptr<gw::Request> begin(const gw::RequestInfo& info) override {
        return std::make_unique<DifyRequest>(info);
    }

    gw_status build_request(gw::Request& base, std::string_view body, gw::UpstreamRequest& out,
                            const gw::ErrorSink& err) override {
        auto& req = static_cast<DifyRequest&>(base);
        json chat = parse(body);
        if (!chat.is_object()) {
            err.set(400, "invalid_request_error", "bad_request_body", "invalid chat request", GW_ERRF_CLIENT_FAULT);
            return GW_ERR_BAD_ARGUMENT;
        }
        auto opts = chat.find("stream_options");
        req.wants_usage = opts != chat.end() && opts->is_object() && opts->value("include_usage", false);
        out.method("POST").url(gw::join_url(req.info.base_url, "/v1/chat-messages"));
        out.header("Authorization", "Bearer " + std::string(req.info.api_key));
        out.header("Content-Type", "application/json");
        out.body(
            dify_request(chat, std::string(req.info.request_id)).dump(-1, ' ', false, json::error_handler_t::replace));
        out.framing(req.info.stream ? GW_FRAMING_SSE : GW_FRAMING_NONE);
        return GW_OK;
    }

    gw_status on_response_head(gw::Request&, const gw::ResponseHead& head, gw_framing& framing,
                               const gw::ErrorSink&) override {
        gw::read_json_answer_whole(head, framing);
        return GW_OK;
    }

    gw_status parse_response(gw::Request& req, int status, std::string_view body, const gw::Output& out) override {
        if (status < 200 || status >= 300) {
            report_error(status, body, out);
            return GW_ERR_UPSTREAM;
        }
        json answer = parse(body);
        if (!answer.is_object()) {
            out.error().set(502, "upstream_error", "bad_response_body", "Dify returned invalid JSON",
                            GW_ERRF_RETRYABLE);
            return GW_ERR_PARSE;
        }
        json completion = chat_completion(answer, std::string(req.info.origin_model));
        out.usage(to_usage(completion["usage"]));
        out.emit(completion.dump(-1, ' ', false, json::error_handler_t::replace));
        return GW_OK;
    }

    gw_status parse_stream_event(gw::Request& base, const gw_stream_event& ev, const gw::Output& out) override {
        auto& req = static_cast<DifyRequest&>(base);
        json event = parse(gw::to_view(ev.data));
        if (!event.is_object()) return GW_OK;  // keep-alive pings and the like
        std::string type = str(event, "event"), model(req.info.origin_model);
        if (type == "error") {
            report_error(event.value("status", 500), gw::to_view(ev.data), out);
            return GW_ERR_UPSTREAM;
        }
        if (type == "message_end") return end_stream(req, event, out);
        json chunk = chat_chunk(event, model, debug_);
        if (!chunk.is_null()) out.emit(chunk.dump(-1, ' ', false, json::error_handler_t::replace));
        return GW_OK;
    }

private:
    // The final chunk (finish_reason stop), and the usage chunk when the client asked for it.
    gw_status end_stream(DifyRequest& req, const json& event, const gw::Output& out) {
        json usage = usage_of(event);
        out.usage(to_usage(usage));
        json last = chat_chunk({{"event", "message"}, {"answer", ""}}, std::string(req.info.origin_model), false);
        last["choices"][0]["delta"] = json::object();
        last["choices"][0]["finish_reason"] = "stop";
        out.emit(last.dump());
        if (req.wants_usage) {
            last["choices"] = json::array();
            last["usage"] = usage;
            out.emit(last.dump());
        }
        return GW_OK;
    }

    bool debug_ = true;
};

gw::PluginDefinition define() {
    gw::ProviderSpec s;
    s.id = "org.newapi.provider.dify";
    s.name = "Dify";
    s.vendor = "new-api";
    s.version = "1.0.0";
    s.description = "Dify ChatFlow and Agent apps (chat-messages), as OpenAI chat completions";
    s.channel_types = {{37, "Dify", "https://api.dify.ai", {}}};
    s.capabilities = {"chat", "chat.stream", "wire.openai"};
    s.config_schema_json = R"json({"type": "object", "properties": {
      "base_url": {"type": "string", "title": "Base URL", "description": "Dify API root, e.g. https://api.dify.ai"}}})json";
    gw::PluginDefinition def;
    def.provider<DifyProvider>(s);
    return def;
}

}  // namespace
}  // namespace dify_plugin

GW_PLUGIN("org.newapi.provider.dify", "1.0.0", dify_plugin::define)
