#include "relay/channel_test.hpp"

#include "api/auth.hpp"
#include "api/common.hpp"
#include "api/input.hpp"
#include "api/reply.hpp"
#include "app/option_defaults.hpp"
#include "common/log.hpp"
#include "common/strings.hpp"
#include "common/thread_pool.hpp"
#include "plugin/abi_str.hpp"
#include "relay/channel_health.hpp"
#include "relay/channel_keys.hpp"
#include "relay/provider_calls.hpp"
#include "relay/provider_pool.hpp"
#include "store/cache.hpp"
#include "store/channel_repo.hpp"
#include "upstream/http_client.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>
#include <future>

namespace gw::relay {
namespace {

using nlohmann::json;

bool is_embedding(const std::string& model) {
    return model.find("embedding") != std::string::npos;
}

// The channel's test_model, else its first model, else gpt-4o-mini (New API's choice).
std::string test_model_of(const store::Channel& c) {
    if (!c.test_model.empty()) return c.test_model;
    auto models = split_trimmed(c.models, ',');
    return models.empty() ? "gpt-4o-mini" : models.front();
}

// A copy of the channel that uses only `key`.
store::Channel with_key(const store::Channel& c, const std::string& key) {
    store::Channel one = c;
    one.key = key;
    one.channel_info.clear();
    return one;
}

std::string test_body(const std::string& model) {
    if (is_embedding(model)) return json{{"model", model}, {"input", "hi"}}.dump();
    return json{
        {"model", model}, {"messages", json::array({{{"role", "user"}, {"content", "hi"}}})}, {"max_tokens", 16}}
        .dump();
}

struct Exchange {
    int status = 0;
    std::string body;
    upstream::Result result;
};

Exchange send_and_wait(upstream::HttpClient& http, upstream::Request req) {
    auto done = std::make_shared<std::promise<Exchange>>();
    auto ex = std::make_shared<Exchange>();
    upstream::Callbacks cb;
    cb.on_head = [ex](int status, const upstream::Headers&) { ex->status = status; };
    cb.on_data = [ex](std::string_view chunk) {
        ex->body.append(chunk);
        return true;
    };
    cb.on_done = [ex, done](const upstream::Result& r) {
        ex->result = r;
        done->set_value(*ex);
    };
    http.start(std::move(req), std::move(cb));
    return done->get_future().get();
}

}  // namespace

ChannelTestResult test_channel(RelayServices& s, const store::Channel& channel, const std::string& model) {
    std::string why;
    auto provider = s.providers.get(std::make_shared<const store::Channel>(channel), why);
    if (!provider) return {false, "provider missing: " + why, 0};
    std::string base =
        channel.base_url.empty() ? s.providers.registry()->default_base_url(channel.type) : channel.base_url;
    std::string key = first_key(channel.key), request_id = "channel-test",
                path = is_embedding(model) ? "/v1/embeddings" : "/v1/chat/completions";
    gw_request_info info{};
    info.struct_size = sizeof info;
    info.api = is_embedding(model) ? GW_API_EMBEDDINGS : GW_API_CHAT;
    info.body_wire = info.client_wire = GW_WIRE_OPENAI;
    info.channel_type = channel.type;
    info.channel_id = channel.id;
    info.origin_model = info.upstream_model = plugin::to_abi(model);
    info.base_url = plugin::to_abi(base);
    info.api_key = plugin::to_abi(key);
    info.request_id = plugin::to_abi(request_id);
    info.client_path = plugin::to_abi(path);
    void* req = nullptr;
    if (provider->begin(provider.get(), &info, &req) != GW_OK)
        return {false, "provider could not start the request", 0};
    std::shared_ptr<void> end(req, [provider](void* r) { provider->end(provider.get(), r); });
    BuiltRequest built =
        build_upstream_request(provider.get(), req, std::make_shared<const std::string>(test_body(model)));
    if (built.status != GW_OK) return {false, built.error.message, 0};
    built.request.total_timeout_ms = 60000;
    auto t0 = std::chrono::steady_clock::now();
    Exchange ex = send_and_wait(s.http, std::move(built.request));
    int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    if (ex.result.outcome != upstream::Outcome::ok) return {false, "upstream request failed: " + ex.result.error, ms};
    ProviderError perr;
    gw_error_sink esink = error_sink(perr);
    gw_output_sink out{sizeof(gw_output_sink),       nullptr,
                       [](void*, gw_str, gw_str) {}, [](void*, const gw_usage*) {},
                       [](void*, gw_str, gw_str) {}, &esink};
    if (provider->parse_response(provider.get(), req, ex.status, plugin::to_abi(ex.body), &out) != GW_OK)
        return {false, perr.message.empty() ? "upstream answered " + std::to_string(ex.status) : perr.message, ms,
                ex.status, perr.flags};
    return {true, "", ms, ex.status, 0};
}

// As New API does: a failing test may disable the channel, a passing one re-enables it.
void apply_test_result(RelayServices& s, const store::Channel& c, const ChannelTestResult& r) {
    if (c.status == 1 && !r.ok && s.health.should_disable(c, r.status, r.message, r.flags)) {
        s.health.set_status(c.id, -1, 3, "test failed: " + r.message);
    } else if (c.status == 3 && r.ok && Options(s.cache).flag("AutomaticEnableChannelEnabled")) {
        s.health.set_status(c.id, -1, 1, "");
        log::info("channel #" + std::to_string(c.id) + " passed its test and is enabled again");
    }
}

void test_all_channels(RelayServices& s, store::Database& db) {
    bool enable = Options(s.cache).flag("AutomaticEnableChannelEnabled");
    auto channels = s.cache.channels.all();
    for (const auto& [id, c] : *channels) {
        if (c->status == 2) continue;
        std::string model = test_model_of(*c);
        MultiKeyInfo info = multi_key_info(c->channel_info);
        if (info.multi) {
            auto keys = all_keys(c->key);
            for (const auto& [index, status] : info.status)
                if (status == 3 && enable && index < static_cast<int>(keys.size()) &&
                    test_channel(s, with_key(*c, keys[static_cast<size_t>(index)]), model).ok)
                    s.health.set_status(id, index, 1, "");
            continue;
        }
        ChannelTestResult r = test_channel(s, *c, model);
        store::record_channel_test(db, id, r.millis, static_cast<int64_t>(std::time(nullptr)));
        apply_test_result(s, *c, r);
    }
}

void register_channel_test_api(http::Router& router, AppContext& ctx, RelayServices& s) {
    router.get("/api/channel/test/:id", [&ctx, &s](http::HttpRequest& req, const http::Responder& res) {
        if (!api::authenticate(req, res, ctx, api::kRoleAdmin)) return;
        auto channel = store::find_channel(ctx.db, api::id_param(req));
        if (!channel) return api::reply_error(res, "渠道不存在");
        std::string model = api::query_str(req, "model");
        if (model.empty()) model = test_model_of(*channel);
        ChannelTestResult r = test_channel(s, *channel, model);
        store::record_channel_test(ctx.db, channel->id, r.millis, api::now_seconds());
        apply_test_result(s, *channel, r);
        ctx.cache.reload_channels();
        json body = {{"success", r.ok}, {"message", r.message}, {"time", static_cast<double>(r.millis) / 1000.0}};
        res.send(200, body.dump(-1, ' ', false, json::error_handler_t::replace));
    });
    // Every channel, in the background (the periodic round, on demand).
    router.get("/api/channel/test", [&ctx, &s](http::HttpRequest& req, const http::Responder& res) {
        if (!api::authenticate(req, res, ctx, api::kRoleAdmin)) return;
        s.workers.post([&ctx, &s] {
            try {
                test_all_channels(s, ctx.db);
            } catch (const std::exception& e) {
                log::error(std::string("channel test round failed: ") + e.what());
            }
        });
        api::reply_ok(res);
    });
}

}  // namespace gw::relay
