#include "relay/relay_api.hpp"

#include "app/config.hpp"
#include "app/option_defaults.hpp"
#include "common/strings.hpp"
#include "common/thread_pool.hpp"
#include "plugin/registry.hpp"
#include "relay/admission.hpp"
#include "relay/compaction.hpp"
#include "relay/count_tokens.hpp"
#include "relay/media_body.hpp"
#include "relay/provider_pool.hpp"
#include "relay/rate_limits.hpp"
#include "relay/realtime.hpp"
#include "store/cache.hpp"
#include "wire/formats.hpp"

#include <nlohmann/json.hpp>

#include <ctime>
#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace gw::relay {
namespace {

using nlohmann::json;

// What a route relays: the operation, the client's format and, for Gemini, what its URL names.
struct Entry {
    gw_api_kind api = GW_API_CHAT;
    wire::Dialect dialect = wire::Dialect::chat;
    std::string model;  // Gemini: from the path
    bool stream = false;
};

// Claude clients get Anthropic's validation errors before any channel is chosen.
std::optional<RelayError> validate(const Entry& e, const RelayBody& b) {
    if (e.dialect != wire::Dialect::claude) return std::nullopt;
    try {
        wire::validate_claude_request(parse_document(b));
    } catch (const wire::ConversionError& err) {
        return RelayError{err.status, err.message, "invalid_request_error", ""};
    }
    return std::nullopt;
}

void relay_as(RelayServices& s, const Entry& e, KeyAuth a, http::HttpRequest& req, const http::Responder& res) {
    auto fail = [&](const RelayError& err) { send_error(res, e.dialect, err); };
    bool model_in_body = e.dialect != wire::Dialect::gemini;
    size_t max_body = static_cast<size_t>(s.config.max_request_body_mb) << 20;
    auto body = is_media_api(e.api) ? read_media_body(req, max_body, e.api) : read_body(req, max_body, model_in_body);
    if (auto* err = std::get_if<RelayError>(&body)) return fail(*err);
    RelayBody& b = std::get<RelayBody>(body);
    b.dialect = e.dialect;
    b.api = e.api;
    if (!model_in_body) {
        b.model = e.model;
        b.stream = e.stream;
    }
    if (auto invalid = validate(e, b)) return fail(*invalid);
    if (!token_allows_model(*a.token, b.model))
        return fail({403, "该令牌无权访问模型 " + b.model, "new_api_error", "model_not_allowed"});
    if (is_compaction_path(req.path)) {
        b.model = compaction_model(*s.cache.channel_index(), a.group, b.model);
        b.stream = false;
    }
    bool streams = e.api == GW_API_CHAT || e.api == GW_API_COMPLETIONS || e.api == GW_API_RESPONSES ||
                   e.api == GW_API_IMAGES || e.api == GW_API_IMAGE_EDITS;
    if (b.stream && !streams) b.stream = false;
    if (auto limited = s.limits.admit(Options(s.cache), a)) return fail(*limited);
    auto admitted = admit(s, a, b, e.api);
    if (auto* err = std::get_if<RelayError>(&admitted)) {
        s.limits.ended(a.token->id);
        return fail(*err);
    }
    Admission& ad = std::get<Admission>(admitted);
    start_relay(s, RelayInput{std::move(req), res, std::move(a), std::move(b), e.api, ad.plan, ad.prompt_estimate});
}

void relay(RelayServices& s, const Entry& e, http::HttpRequest& req, const http::Responder& res) {
    auto auth = authenticate_key(req, s.cache, static_cast<int64_t>(std::time(nullptr)));
    if (auto* err = std::get_if<RelayError>(&auth)) return send_error(res, e.dialect, *err);
    relay_as(s, e, std::move(std::get<KeyAuth>(auth)), req, res);
}

// Small bodies are handled on the reactor thread; large or compressed ones (parsing, inflating)
// move to the worker pool so they cannot hold up other connections.
void dispatch(RelayServices& s, Entry e, http::HttpRequest& req, const http::Responder& res) {
    constexpr size_t kInlineBody = 256u << 10;
    if (req.body.size() <= kInlineBody && req.header("content-encoding").empty()) return relay(s, e, req, res);
    auto moved = std::make_shared<http::HttpRequest>(std::move(req));
    s.workers.post([&s, e = std::move(e), moved, res] { relay(s, e, *moved, res); });
}

http::Handler relay_route(RelayServices& s, gw_api_kind api, wire::Dialect dialect) {
    return [&s, api, dialect](http::HttpRequest& req, const http::Responder& res) {
        dispatch(s, Entry{api, dialect, {}, false}, req, res);
    };
}

// Gemini's "/v1beta/models/{model}:{method}".
void gemini_route(RelayServices& s, http::HttpRequest& req, const http::Responder& res) {
    std::string action = replace_all(req.param("action"), "%3A", ":");
    size_t colon = action.rfind(':');
    std::string model = colon == std::string::npos ? "" : action.substr(0, colon);
    std::string method = colon == std::string::npos ? "" : action.substr(colon + 1);
    Entry e{GW_API_CHAT, wire::Dialect::gemini, model, false};
    if (method == "streamGenerateContent")
        e.stream = true;
    else if (method == "embedContent" || method == "batchEmbedContents")
        e.api = GW_API_EMBEDDINGS;
    else if (method == "countTokens" && !model.empty())
        return s.workers.post([&s, model, req, res] { count_gemini_tokens(s, model, req, res); });
    else if (method != "generateContent")
        model.clear();
    if (model.empty())
        return send_error(res, wire::Dialect::gemini,
                          {404,
                           "unknown method in path " + req.path +
                               ": expected models/{model}:generateContent, "
                               ":streamGenerateContent, :countTokens, :embedContent or :batchEmbedContents",
                           "invalid_request_error", "not_found"});
    dispatch(s, std::move(e), req, res);
}

// Models the token may use: those its group's enabled channels serve, within its model limits.
std::vector<std::pair<std::string, std::string>> visible_models(const RelayServices& s, const KeyAuth& a) {
    std::map<std::string, std::string> models;  // name -> owner
    auto index = s.cache.channel_index();
    auto g = index->by_group_model.find(a.group);
    auto registry = s.providers.registry();
    if (g != index->by_group_model.end())
        for (const auto& [model, list] : g->second) {
            if (!token_allows_model(*a.token, model) || list.empty()) continue;
            auto ref = registry->provider_for_type(list.front()->type);
            models[model] = ref ? to_lower(ref->type->name) : "custom";
        }
    return {models.begin(), models.end()};
}

json model_json(const std::string& id, const std::string& owner) {
    return {{"id", id}, {"object", "model"}, {"created", 1626777600}, {"owned_by", owner}};
}

// New API's rule: Anthropic's shape for x-api-key with anthropic-version, Gemini's for a Google
// key, OpenAI's otherwise.
wire::Dialect listing_dialect(const http::HttpRequest& req) {
    if (starts_with(req.path, "/v1beta/models")) return wire::Dialect::gemini;
    if (starts_with(req.path, "/v1beta/openai")) return wire::Dialect::chat;
    if (!req.header("x-api-key").empty() && !req.header("anthropic-version").empty()) return wire::Dialect::claude;
    if (!req.header("x-goog-api-key").empty() || req.query_param("key")) return wire::Dialect::gemini;
    return wire::Dialect::chat;
}

json gemini_model_json(const std::string& id) {
    return {{"name", "models/" + id},
            {"version", "001"},
            {"displayName", id},
            {"description", ""},
            {"supportedGenerationMethods", json::array({"generateContent", "streamGenerateContent"})}};
}

json claude_model_json(const std::string& id) {
    return {{"type", "model"}, {"id", id}, {"display_name", id}, {"created_at", "2024-01-01T00:00:00Z"}};
}

void list_models(RelayServices& s, const http::HttpRequest& req, const http::Responder& res) {
    wire::Dialect d = listing_dialect(req);
    auto auth = authenticate_key(req, s.cache, static_cast<int64_t>(std::time(nullptr)));
    if (auto* e = std::get_if<RelayError>(&auth)) return send_error(res, d, *e);
    json data = json::array();
    for (const auto& [id, owner] : visible_models(s, std::get<KeyAuth>(auth)))
        data.push_back(d == wire::Dialect::gemini   ? gemini_model_json(id)
                       : d == wire::Dialect::claude ? claude_model_json(id)
                                                    : model_json(id, owner));
    if (d == wire::Dialect::gemini) return res.send(200, json{{"models", data}}.dump());
    if (d == wire::Dialect::claude) {
        json page = {{"data", data}, {"has_more", false}, {"first_id", nullptr}, {"last_id", nullptr}};
        if (!data.empty()) page["first_id"] = data.front()["id"], page["last_id"] = data.back()["id"];
        return res.send(200, page.dump());
    }
    res.send(200, json{{"object", "list"}, {"data", data}, {"success", true}}.dump());
}

void get_model(RelayServices& s, const http::HttpRequest& req, const http::Responder& res) {
    wire::Dialect d = listing_dialect(req);
    auto auth = authenticate_key(req, s.cache, static_cast<int64_t>(std::time(nullptr)));
    if (auto* e = std::get_if<RelayError>(&auth)) return send_error(res, d, *e);
    std::string wanted = req.param("model");
    for (const auto& [id, owner] : visible_models(s, std::get<KeyAuth>(auth)))
        if (id == wanted)
            return res.send(200, (d == wire::Dialect::gemini   ? gemini_model_json(id)
                                  : d == wire::Dialect::claude ? claude_model_json(id)
                                                               : model_json(id, owner))
                                     .dump());
    send_error(res, d, {404, "The model '" + wanted + "' does not exist", "invalid_request_error", "model_not_found"});
}

// New API's placeholders for OpenAI routes it does not relay (files, fine-tunes, model deletion):
// the key is checked, then 501 api_not_implemented.
void not_implemented(RelayServices& s, const http::HttpRequest& req, const http::Responder& res) {
    auto auth = authenticate_key(req, s.cache, static_cast<int64_t>(std::time(nullptr)));
    if (auto* e = std::get_if<RelayError>(&auth)) return send_error(res, wire::Dialect::chat, *e);
    send_error(res, wire::Dialect::chat, {501, "API not implemented", "new_api_error", "api_not_implemented"});
}

// The key is checked from the request head, so a body of up to MAX_REQUEST_BODY_MB is read only
// for a caller with a valid key (the handler checks it again with the body).
http::HeadGuard key_guard(RelayServices& s, wire::Dialect d) {
    return [&s, d](const http::HttpRequest& head) -> std::optional<http::EarlyAnswer> {
        auto auth = authenticate_key(head, s.cache, static_cast<int64_t>(std::time(nullptr)));
        if (auto* e = std::get_if<RelayError>(&auth))
            return http::EarlyAnswer{e->status, error_body(d, *e, head.request_id)};
        return std::nullopt;
    };
}

}  // namespace

void relay_chat_as(RelayServices& s, KeyAuth auth, http::HttpRequest& req, const http::Responder& res) {
    relay_as(s, Entry{GW_API_CHAT, wire::Dialect::chat, {}, false}, std::move(auth), req, res);
}

void register_relay_api(http::Router& router, RelayServices& s) {
    using wire::Dialect;
    const std::tuple<const char*, gw_api_kind, Dialect> routes[] = {
        {"/v1/chat/completions", GW_API_CHAT, Dialect::chat},
        {"/v1/completions", GW_API_COMPLETIONS, Dialect::chat},
        {"/v1/embeddings", GW_API_EMBEDDINGS, Dialect::chat},
        {"/v1/moderations", GW_API_MODERATIONS, Dialect::chat},
        {"/v1/responses", GW_API_RESPONSES, Dialect::responses},
        {"/v1/responses/compact", GW_API_RESPONSES, Dialect::responses},
        {"/v1/messages", GW_API_CHAT, Dialect::claude},
        {"/v1/rerank", GW_API_RERANK, Dialect::chat},
        {"/v1/images/generations", GW_API_IMAGES, Dialect::chat},
        {"/v1/images/edits", GW_API_IMAGE_EDITS, Dialect::chat},
        {"/v1/images/variations", GW_API_IMAGE_EDITS, Dialect::chat},
        {"/v1/edits", GW_API_IMAGE_EDITS, Dialect::chat},
        {"/v1/audio/speech", GW_API_AUDIO_SPEECH, Dialect::chat},
        {"/v1/audio/transcriptions", GW_API_AUDIO_TRANSCRIPTION, Dialect::chat},
        {"/v1/audio/translations", GW_API_AUDIO_TRANSLATION, Dialect::chat}};
    for (const auto& [path, api, dialect] : routes)
        router.post(path, relay_route(s, api, dialect), http::Exec::inline_, key_guard(s, dialect));
    router.post("/v1/messages/count_tokens",
                [&s](http::HttpRequest& req, const http::Responder& res) { count_claude_tokens(s, req, res); },
                http::Exec::worker, key_guard(s, Dialect::claude));
    auto gemini = [&s](http::HttpRequest& req, const http::Responder& res) { gemini_route(s, req, res); };
    router.post("/v1beta/models/:action", gemini, http::Exec::inline_, key_guard(s, Dialect::gemini));
    router.post("/v1/models/:action", gemini, http::Exec::inline_, key_guard(s, Dialect::gemini));
    auto list = [&s](http::HttpRequest& req, const http::Responder& res) { list_models(s, req, res); };
    auto get = [&s](http::HttpRequest& req, const http::Responder& res) { get_model(s, req, res); };
    for (const char* path : {"/v1/models", "/v1beta/models", "/v1beta/openai/models"})
        router.get(path, list, http::Exec::inline_);
    router.get("/v1/models/:model", get, http::Exec::inline_);
    router.get("/v1beta/models/:model", get, http::Exec::inline_);
    register_realtime(router, s);
    auto unimplemented = [&s](http::HttpRequest& req, const http::Responder& res) { not_implemented(s, req, res); };
    const std::pair<const char*, const char*> placeholders[] = {{"GET", "/v1/files"},
                                                                {"POST", "/v1/files"},
                                                                {"DELETE", "/v1/files/:id"},
                                                                {"GET", "/v1/files/:id"},
                                                                {"GET", "/v1/files/:id/content"},
                                                                {"POST", "/v1/fine-tunes"},
                                                                {"GET", "/v1/fine-tunes"},
                                                                {"GET", "/v1/fine-tunes/:id"},
                                                                {"POST", "/v1/fine-tunes/:id/cancel"},
                                                                {"GET", "/v1/fine-tunes/:id/events"},
                                                                {"DELETE", "/v1/models/:model"}};
    for (const auto& [method, path] : placeholders)
        router.add(method, path, unimplemented, http::Exec::inline_, key_guard(s, Dialect::chat));
}

}  // namespace gw::relay
