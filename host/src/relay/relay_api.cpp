#include "relay/relay_api.hpp"

#include "app/config.hpp"
#include "app/option_defaults.hpp"
#include "common/strings.hpp"
#include "common/thread_pool.hpp"
#include "plugin/registry.hpp"
#include "relay/admission.hpp"
#include "relay/provider_pool.hpp"
#include "relay/rate_limits.hpp"
#include "store/cache.hpp"

#include <nlohmann/json.hpp>

#include <ctime>
#include <map>
#include <set>

namespace gw::relay {
namespace {

using nlohmann::json;

bool model_allowed(const store::Token& t, const std::string& model) {
    if (!t.model_limits_enabled) return true;
    for (const auto& m : split_trimmed(t.model_limits, ','))
        if (m == model) return true;
    return false;
}

void relay(RelayServices& s, gw_api_kind api, http::HttpRequest& req, const http::Responder& res) {
    auto auth = authenticate_key(req, s.cache, static_cast<int64_t>(std::time(nullptr)));
    if (auto* e = std::get_if<RelayError>(&auth)) return send_openai_error(res, *e);
    auto body = read_body(req, static_cast<size_t>(s.config.max_request_body_mb) << 20);
    if (auto* e = std::get_if<RelayError>(&body)) return send_openai_error(res, *e);
    KeyAuth& a = std::get<KeyAuth>(auth);
    RelayBody& b = std::get<RelayBody>(body);
    if (!model_allowed(*a.token, b.model))
        return send_openai_error(res, {403, "该令牌无权访问模型 " + b.model, "new_api_error", "model_not_allowed"});
    if (b.stream && api != GW_API_CHAT && api != GW_API_COMPLETIONS && api != GW_API_RESPONSES) b.stream = false;
    if (auto limited = s.limits.admit(Options(s.cache), a)) return send_openai_error(res, *limited);
    auto admitted = admit(s, a, b, api);
    if (auto* e = std::get_if<RelayError>(&admitted)) {
        s.limits.ended(a.token->id);
        return send_openai_error(res, *e);
    }
    Admission& ad = std::get<Admission>(admitted);
    start_relay(s, RelayInput{std::move(req), res, std::move(a), std::move(b), api, ad.plan, ad.prompt_estimate});
}

// Small bodies are handled on the reactor thread; large or compressed ones (parsing, inflating)
// move to the worker pool so they cannot hold up other connections.
http::Handler relay_route(RelayServices& s, gw_api_kind api) {
    return [&s, api](http::HttpRequest& req, const http::Responder& res) {
        constexpr size_t kInlineBody = 256u << 10;
        if (req.body.size() <= kInlineBody && req.header("content-encoding").empty()) return relay(s, api, req, res);
        auto moved = std::make_shared<http::HttpRequest>(std::move(req));
        s.workers.post([&s, api, moved, res] { relay(s, api, *moved, res); });
    };
}

// Models the token may use: those its group's enabled channels serve, within its model limits.
std::vector<std::pair<std::string, std::string>> visible_models(const RelayServices& s, const KeyAuth& a) {
    std::map<std::string, std::string> models;  // name -> owner
    auto index = s.cache.channel_index();
    auto g = index->by_group_model.find(a.group);
    if (g != index->by_group_model.end())
        for (const auto& [model, list] : g->second) {
            if (!model_allowed(*a.token, model) || list.empty()) continue;
            auto ref = s.providers.registry().provider_for_type(list.front()->type);
            models[model] = ref ? to_lower(ref->type->name) : "custom";
        }
    return {models.begin(), models.end()};
}

json model_json(const std::string& id, const std::string& owner) {
    return {{"id", id}, {"object", "model"}, {"created", 1626777600}, {"owned_by", owner}};
}

void list_models(RelayServices& s, const http::HttpRequest& req, const http::Responder& res) {
    auto auth = authenticate_key(req, s.cache, static_cast<int64_t>(std::time(nullptr)));
    if (auto* e = std::get_if<RelayError>(&auth)) return send_openai_error(res, *e);
    json data = json::array();
    for (const auto& [id, owner] : visible_models(s, std::get<KeyAuth>(auth))) data.push_back(model_json(id, owner));
    res.send(200, json{{"object", "list"}, {"data", data}, {"success", true}}.dump());
}

void get_model(RelayServices& s, const http::HttpRequest& req, const http::Responder& res) {
    auto auth = authenticate_key(req, s.cache, static_cast<int64_t>(std::time(nullptr)));
    if (auto* e = std::get_if<RelayError>(&auth)) return send_openai_error(res, *e);
    std::string wanted = req.param("model");
    for (const auto& [id, owner] : visible_models(s, std::get<KeyAuth>(auth)))
        if (id == wanted) return res.send(200, model_json(id, owner).dump());
    send_openai_error(res,
                      {404, "The model '" + wanted + "' does not exist", "invalid_request_error", "model_not_found"});
}

}  // namespace

void register_relay_api(http::Router& router, RelayServices& s) {
    const std::pair<const char*, gw_api_kind> routes[] = {{"/v1/chat/completions", GW_API_CHAT},
                                                          {"/v1/completions", GW_API_COMPLETIONS},
                                                          {"/v1/embeddings", GW_API_EMBEDDINGS},
                                                          {"/v1/moderations", GW_API_MODERATIONS},
                                                          {"/v1/responses", GW_API_RESPONSES}};
    for (const auto& [path, api] : routes) router.post(path, relay_route(s, api), http::Exec::inline_);
    router.get(
        "/v1/models", [&s](http::HttpRequest& req, const http::Responder& res) { list_models(s, req, res); },
        http::Exec::inline_);
    router.get(
        "/v1/models/:model", [&s](http::HttpRequest& req, const http::Responder& res) { get_model(s, req, res); },
        http::Exec::inline_);
}

}  // namespace gw::relay
