#include "relay/upstream_count.hpp"

#include "common/json_bounded.hpp"
#include "plugin/abi_str.hpp"
#include "relay/channel_keys.hpp"
#include "relay/channel_overrides.hpp"
#include "relay/channel_selector.hpp"
#include "relay/key_auth.hpp"
#include "relay/model_mapping.hpp"
#include "relay/provider_calls.hpp"
#include "relay/provider_pool.hpp"
#include "store/cache.hpp"
#include "upstream/collect.hpp"
#include "wire/formats.hpp"

#include <nlohmann/json.hpp>

#include <ctime>
#include <random>

namespace gw::relay {

namespace {

// The channel for the model when its provider speaks `dialect` natively.
std::shared_ptr<const store::Channel> native_channel(RelayServices& s, const std::string& group,
                                                     const std::string& model, wire::Dialect dialect) {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    auto channel = select_channel(*s.cache.channel_index(), group, model, {}, 0, rng);
    if (!channel) return nullptr;
    auto registry = s.providers.registry();
    auto ref = registry->provider_for_type(channel->type);
    const char* wire = dialect == wire::Dialect::claude ? "wire.claude" : "wire.gemini";
    return ref && ref->provider->has_capability(wire) ? channel : nullptr;
}

}  // namespace

std::optional<std::string> count_upstream(RelayServices& s, const http::HttpRequest& req, wire::Dialect dialect,
                                          const std::string& model, const std::string& body) {
    auto auth = authenticate_key(req, s.cache, static_cast<int64_t>(std::time(nullptr)));
    auto* a = std::get_if<KeyAuth>(&auth);
    if (!a) return std::nullopt;
    auto channel = native_channel(s, a->group, model, dialect);
    std::string why;
    auto provider = channel ? s.providers.get(channel, why) : nullptr;
    if (!provider) return std::nullopt;
    thread_local std::mt19937_64 rng{std::random_device{}()};
    std::string upstream_model = map_model(channel->model_mapping, model).value_or(model);
    std::string base =
        channel->base_url.empty() ? s.providers.registry()->default_base_url(channel->type) : channel->base_url;
    std::string key = pick_key(*channel, rng).key, request_id = "count", path = req.path;
    gw_request_info info{};
    info.struct_size = sizeof info;
    info.api = GW_API_CHAT;
    info.body_wire = info.client_wire = wire::abi_wire(dialect);
    info.channel_type = channel->type;
    info.channel_id = channel->id;
    info.origin_model = plugin::to_abi(model);
    info.upstream_model = plugin::to_abi(upstream_model);
    info.base_url = plugin::to_abi(base);
    info.api_key = plugin::to_abi(key);
    info.request_id = plugin::to_abi(request_id);
    info.client_path = plugin::to_abi(path);
    void* preq = nullptr;
    if (provider->begin(provider.get(), &info, &preq) != GW_OK) return std::nullopt;
    auto sent = std::make_shared<const std::string>(body);
    if (dialect == wire::Dialect::claude && upstream_model != model) {  // Gemini names it in the URL
        nlohmann::json j = parse_json(body);
        if (j.is_object()) j["model"] = upstream_model, sent = std::make_shared<const std::string>(j.dump());
    }
    BuiltRequest built = build_upstream_request(provider.get(), preq, sent);
    provider->end(provider.get(), preq);
    if (built.status != GW_OK) return std::nullopt;
    built.request.total_timeout_ms = 15000;
    built.request.proxy = channel_proxy(*channel);
    upstream::Collected answer = upstream::collect(s.http, std::move(built.request), 1u << 20);
    if (!answer.ok() || answer.status < 200 || answer.status >= 300) return std::nullopt;
    return answer.body;
}

}  // namespace gw::relay
