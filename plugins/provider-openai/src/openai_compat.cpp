#include "openai_compat.hpp"

#include "audio_meter.hpp"
#include "request_tweaks.hpp"

#include <gw/cpp/json_depth.hpp>
#include <gw/cpp/upstream_helpers.hpp>
#include <nlohmann/json.hpp>

namespace openai_plugin {
namespace {

using nlohmann::json;

int64_t int_field(const json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

gw_usage usage_from(const json& u) {
    gw_usage out{};
    out.struct_size = sizeof(gw_usage);
    out.prompt_includes_cache = 1;
    out.prompt_tokens = int_field(u, "prompt_tokens") + int_field(u, "input_tokens");
    out.completion_tokens = int_field(u, "completion_tokens") + int_field(u, "output_tokens");
    out.total_tokens = int_field(u, "total_tokens");
    if (!out.total_tokens) out.total_tokens = out.prompt_tokens + out.completion_tokens;
    for (const char* k : {"prompt_tokens_details", "input_tokens_details"})
        if (u.contains(k) && u[k].is_object()) {
            out.cached_tokens += int_field(u[k], "cached_tokens");
            out.cache_write_tokens += int_field(u[k], "cache_write_tokens") + int_field(u[k], "cache_creation_tokens");
        }
    for (const char* k : {"completion_tokens_details", "output_tokens_details"})
        if (u.contains(k) && u[k].is_object()) out.reasoning_tokens += int_field(u[k], "reasoning_tokens");
    return out;
}

// Upstream error bodies: {"error":{"message","type","code"}} or a bare string.
void report_error(int status, std::string_view body, const gw::Output& out) {
    json j = gw::parse_json_bounded<json>(body);
    std::string message = std::string(body), type = "upstream_error", code;
    if (!j.is_discarded() && j.is_object() && j.contains("error")) {
        const json& e = j["error"];
        if (e.is_object()) {
            if (e.contains("message") && e["message"].is_string()) message = e["message"];
            if (e.contains("type") && e["type"].is_string()) type = e["type"];
            if (e.contains("code") && e["code"].is_string()) code = e["code"];
        } else if (e.is_string()) {
            message = e.get<std::string>();
        }
    }
    uint32_t flags = gw::error_flags_for_status(status);
    out.error().set(status, type, code, message, flags);
}

// Whether the client itself asked for the usage chunk (stream_options.include_usage).
bool wants_usage(const json& body) {
    auto opts = body.find("stream_options");
    if (opts == body.end() || !opts->is_object()) return false;
    auto iu = opts->find("include_usage");
    return iu != opts->end() && iu->is_boolean() && iu->get<bool>();
}

// Whether the body may need a rewrite: streams (usage), reasoning models (tweaks, suffixes).
bool needs_rewrite(const gw::RequestInfo& info) {
    std::string model(info.upstream_model);
    return info.stream || takes_max_completion_tokens(model) || is_gpt5(model) || !split_effort_suffix(model).effort.empty();
}

bool is_audio(gw_api_kind api) {
    return api == GW_API_AUDIO_SPEECH || api == GW_API_AUDIO_TRANSCRIPTION || api == GW_API_AUDIO_TRANSLATION;
}

// A realtime response.done event's usage (text and audio, in and out).
gw_usage realtime_usage(const json& u) {
    gw_usage out = usage_from(u);
    if (auto d = u.find("input_token_details"); d != u.end() && d->is_object()) {
        out.cached_tokens = int_field(*d, "cached_tokens");
        out.audio_input_tokens = int_field(*d, "audio_tokens");
    }
    if (auto d = u.find("output_token_details"); d != u.end() && d->is_object())
        out.audio_output_tokens = int_field(*d, "audio_tokens");
    return out;
}

struct OpenAIRequest : gw::Request {
    using gw::Request::Request;
    bool client_wants_usage = false;
    std::optional<AudioMeter> audio;  // audio answers, passed through raw
};

// Image and audio bodies go upstream as the client sent them (JSON or multipart/form-data).
void build_media_request(OpenAIRequest& req, std::string_view body, gw::UpstreamRequest& out) {
    std::string_view type = req.info.client_header("content-type");
    out.header("Content-Type", type.empty() ? std::string_view("application/json") : type);
    out.original_body();
    if (!is_audio(req.info.api)) {
        out.framing(req.info.stream ? GW_FRAMING_SSE : GW_FRAMING_NONE);
        return;
    }
    std::string format = "mp3";
    if (req.info.api == GW_API_AUDIO_SPEECH) {
        json j = gw::parse_json_bounded<json>(body);
        if (j.is_object() && j.contains("response_format") && j["response_format"].is_string())
            format = j["response_format"];
    }
    req.audio.emplace(req.info.api == GW_API_AUDIO_SPEECH, format);
    out.framing(GW_FRAMING_RAW);
}

}  // namespace

std::string media_path(const gw::RequestInfo& info) {
    switch (info.api) {
        case GW_API_IMAGES:
            return "images/generations";
        case GW_API_IMAGE_EDITS:
            return info.client_path.find("/variations") != std::string_view::npos ? "images/variations"
                                                                                  : "images/edits";
        case GW_API_AUDIO_SPEECH:
            return "audio/speech";
        case GW_API_AUDIO_TRANSCRIPTION:
            return "audio/transcriptions";
        case GW_API_AUDIO_TRANSLATION:
            return "audio/translations";
        default:
            return {};
    }
}

std::unique_ptr<gw::Request> OpenAICompatProvider::begin(const gw::RequestInfo& info) {
    return std::make_unique<OpenAIRequest>(info);
}

gw_status OpenAICompatProvider::build_request(gw::Request& base, std::string_view body, gw::UpstreamRequest& out,
                                              const gw::ErrorSink&) {
    auto& req = static_cast<OpenAIRequest&>(base);
    const auto& info = req.info;
    std::string model(info.upstream_model);
    if (info.api == GW_API_REALTIME) {  // the upstream WebSocket the host upgrades
        out.method("GET").url(url(info, model));
        add_headers(info, out);
        out.header("OpenAI-Beta", "realtime=v1");
        return GW_OK;
    }
    if (!media_path(info).empty()) {
        out.method("POST").url(url(info, model));
        add_headers(info, out);
        build_media_request(req, body, out);
        return GW_OK;
    }
    bool changed = false;
    // Most requests need no rewrite: skip the parse unless the model or a stream calls for one.
    json j = needs_rewrite(info) ? gw::parse_json_bounded<json>(body) : json();
    if (j.is_object()) {
        req.client_wants_usage = wants_usage(j);
        changed = apply_tweaks(j, info.api == GW_API_RESPONSES, model, info.stream);
        if (j.contains("model") && j["model"].is_string()) model = j["model"];
    }
    out.method("POST").url(url(info, model));
    add_headers(info, out);
    out.header("Content-Type", "application/json");
    if (changed)
        out.body(j.dump(-1, ' ', false, json::error_handler_t::replace));
    else
        out.original_body();
    out.framing(info.stream ? GW_FRAMING_SSE : GW_FRAMING_NONE);
    return GW_OK;
}

gw_status OpenAICompatProvider::on_response_head(gw::Request& req, const gw::ResponseHead& head, gw_framing& framing,
                                                 const gw::ErrorSink&) {
    // An upstream that answers a stream request with plain JSON is read as one body.
    if (!static_cast<OpenAIRequest&>(req).audio) gw::read_json_answer_whole(head, framing);
    return GW_OK;
}

gw_status OpenAICompatProvider::parse_response(gw::Request&, int status, std::string_view body, const gw::Output& out) {
    if (status < 200 || status >= 300) {
        report_error(status, body, out);
        return GW_ERR_UPSTREAM;
    }
    json j = gw::parse_json_bounded<json>(body);
    if (j.is_discarded() || !j.is_object()) {
        out.error().set(502, "upstream_error", "bad_response_body", "upstream returned invalid JSON",
                        GW_ERRF_RETRYABLE);
        return GW_ERR_PARSE;
    }
    if (j.contains("error") && !j["error"].is_null() && !j.contains("choices") && !j.contains("data") &&
        !j.contains("output")) {
        report_error(500, body, out);
        return GW_ERR_UPSTREAM;
    }
    if (j.contains("usage") && j["usage"].is_object()) out.usage(usage_from(j["usage"]));
    out.emit(body);
    return GW_OK;
}

gw_status OpenAICompatProvider::parse_stream_event(gw::Request& base, const gw_stream_event& ev,
                                                   const gw::Output& out) {
    auto& req = static_cast<OpenAIRequest&>(base);
    std::string_view data = gw::to_view(ev.data);
    if (req.info.api == GW_API_REALTIME) {  // one server event; response.done carries its usage
        if (data.find("\"response.done\"") != std::string_view::npos) {
            json j = gw::parse_json_bounded<json>(data);
            const json* u = j.is_object() && j.contains("response") && j["response"].is_object() &&
                                    j["response"].contains("usage") && j["response"]["usage"].is_object()
                                ? &j["response"]["usage"]
                                : nullptr;
            if (u) out.usage(realtime_usage(*u));
        }
        out.emit(data);
        return GW_OK;
    }
    if (req.audio) {  // a raw chunk of the answer
        req.audio->feed(data);
        out.emit(data);
        return GW_OK;
    }
    if (data == "[DONE]") return GW_OK;
    if (data.find("\"usage\"") != std::string_view::npos) {  // most chunks carry no usage: skip the parse
        json j = gw::parse_json_bounded<json>(data);
        // Responses streams carry it in the final response object.
        const json* holder = j.is_object() && j.contains("response") && j["response"].is_object() ? &j["response"] : &j;
        if (holder->is_object() && holder->contains("usage") && (*holder)["usage"].is_object()) {
            out.usage(usage_from((*holder)["usage"]));
            bool usage_only =
                holder == &j && (!j.contains("choices") || (j["choices"].is_array() && j["choices"].empty()));
            if (usage_only && !req.client_wants_usage) return GW_OK;  // we asked for it, the client did not
        }
    }
    out.emit(gw::to_view(ev.event), data);
    return GW_OK;
}

gw_status OpenAICompatProvider::finish_stream(gw::Request& base, const gw::Output& out) {
    auto& req = static_cast<OpenAIRequest&>(base);
    if (!req.audio) return GW_OK;
    if (auto usage = req.audio->usage()) out.usage(*usage);
    return GW_OK;
}

}  // namespace openai_plugin
