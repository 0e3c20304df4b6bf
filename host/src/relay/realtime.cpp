#include "relay/realtime.hpp"

#include "app/option_defaults.hpp"
#include "billing/ledger.hpp"
#include "common/log.hpp"
#include "common/strings.hpp"
#include "http/ws_server.hpp"
#include "plugin/abi_str.hpp"
#include "relay/admission.hpp"
#include "relay/channel_keys.hpp"
#include "relay/channel_overrides.hpp"
#include "relay/channel_selector.hpp"
#include "relay/model_mapping.hpp"
#include "relay/provider_calls.hpp"
#include "relay/provider_pool.hpp"
#include "relay/rate_limits.hpp"
#include "relay/relay_session.hpp"
#include "store/cache.hpp"
#include "upstream/ws_client.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <ctime>
#include <mutex>
#include <random>

namespace gw::relay {

namespace {

using http::WsOp;
using nlohmann::json;

int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Realtime's error event, as OpenAI sends it before closing.
std::string error_event(const std::string& code, const std::string& message) {
    return json{{"type", "error"},
                {"event_id", "event_gw_error"},
                {"error", {{"type", "invalid_request_error"}, {"code", code}, {"message", message}}}}
        .dump();
}

// The subprotocols a browser client offers ("realtime", "openai-insecure-api-key.<key>", ...).
std::vector<std::string> offered_protocols(const http::HttpRequest& req) {
    return split_trimmed(req.header("sec-websocket-protocol"), ',');
}

// New API's forms of the key: Authorization, or the openai-insecure-api-key subprotocol.
http::HttpRequest with_key(const http::HttpRequest& req) {
    http::HttpRequest copy = req;
    if (!req.header("authorization").empty()) return copy;
    for (const auto& p : offered_protocols(req))
        if (starts_with(p, "openai-insecure-api-key."))
            copy.headers.emplace_back("authorization", "Bearer " + p.substr(24));
    return copy;
}

// Each session holds one upstream thread: bounded, so sessions cannot exhaust the process.
constexpr int kMaxSessions = 512;
std::atomic<int> live_sessions{0};

class RealtimeSession : public std::enable_shared_from_this<RealtimeSession> {
public:
    RealtimeSession(RelayServices& s, KeyAuth auth, BillingPlan plan, std::string model, const http::HttpRequest& req,
                    const http::Responder& res)
        : s_(s), auth_(std::move(auth)), plan_(plan), model_(std::move(model)) {
        base_.request_id = res.request_id();
        base_.ip = req.remote_ip;
        base_.user_id = auth_.user->id;
        base_.username = auth_.user->username;
        base_.token_id = auth_.token->id;
        base_.token_name = auth_.token->name;
        base_.token_key = auth_.token->key;
        base_.group = auth_.group;
        base_.origin_model = model_;
        base_.api = GW_API_REALTIME;
        base_.stream = true;
        base_.path = req.path;
        base_.plan = plan_;
        base_.started_ms = now_ms();
        ++live_sessions;
    }

    ~RealtimeSession() { --live_sessions; }

    // Chooses the channel and builds the upstream socket's request; an error leaves nothing held.
    std::optional<RelayError> prepare() {
        channel_ = select_channel(*s_.cache.channel_index(), auth_.group, model_, {}, 0, rng());
        if (!channel_)
            return RelayError{503, "当前分组 " + auth_.group + " 下对于模型 " + model_ + " 无可用渠道", "new_api_error",
                              "model_not_found"};
        auto registry = s_.providers.registry();
        auto ref = registry->provider_for_type(channel_->type);
        if (!ref || !ref->provider->has_capability("realtime"))
            return RelayError{400, "channel #" + std::to_string(channel_->id) + " does not serve realtime sessions",
                              "invalid_request_error", "realtime_not_supported"};
        std::string why;
        provider_ = s_.providers.get(channel_, why);
        if (!provider_) return RelayError{503, "provider missing: " + why, "new_api_error", "provider_missing"};
        auto mapped = map_model(channel_->model_mapping, model_);
        upstream_model_ = mapped ? *mapped : model_;
        fill_info(registry->default_base_url(channel_->type));
        if (provider_->begin(provider_.get(), &info_, &preq_) != GW_OK) {
            preq_ = nullptr;
            return RelayError{500, "provider could not start the session", "new_api_error", "provider_error"};
        }
        built_ = build_upstream_request(provider_.get(), preq_, std::make_shared<const std::string>());
        if (built_.status != GW_OK) {
            end_provider();
            return RelayError{
                502, built_.error.message.empty() ? "provider could not build the session" : built_.error.message,
                "new_api_error", "provider_error"};
        }
        base_.channel_id = channel_->id;
        base_.channel_type = channel_->type;
        base_.upstream_model = upstream_model_;
        base_.attempted_channels = {channel_->id};
        return std::nullopt;
    }

    void start(const http::HttpRequest& req, const http::Responder& res) {
        auto self = shared_from_this();
        std::string protocol;  // "realtime" when offered, as OpenAI answers; never the key's
        for (const auto& p : offered_protocols(req))
            if (p == "realtime" || (protocol.empty() && !starts_with(p, "openai-insecure-api-key."))) protocol = p;
        // Ownership: the upstream's thread holds the session (through its handlers) until that
        // socket ends, which every way a session ends leads to; the client's side holds it weakly.
        std::weak_ptr<RealtimeSession> weak = self;
        client_ = http::WsServer::accept(req, res, protocol,
                                         {[weak](http::WsMessage&& m) {
                                              if (auto s = weak.lock()) s->from_client(std::move(m));
                                          },
                                          [weak](uint16_t code) {
                                              if (auto s = weak.lock()) s->client_closed(code);
                                          }});
        upstream::WsClient::Target target{built_.request.url, built_.request.headers, channel_proxy(*channel_)};
        upstream_ = upstream::WsClient::connect(
            std::move(target), {[] {}, [self](http::WsMessage&& m) { self->from_upstream(std::move(m)); },
                                [self](int status, std::string body) { self->refused(status, std::move(body)); },
                                [self](uint16_t code) { self->upstream_closed(code); }});
    }

private:
    static std::mt19937_64& rng() {
        thread_local std::mt19937_64 r{std::random_device{}()};
        return r;
    }

    void fill_info(const std::string& default_base) {
        base_url_ = channel_->base_url.empty() ? default_base : channel_->base_url;
        api_key_ = pick_key(*channel_, rng()).key;
        path_ = "/v1/realtime?model=" + model_;
        info_ = gw_request_info{};
        info_.struct_size = sizeof(gw_request_info);
        info_.api = GW_API_REALTIME;
        info_.body_wire = GW_WIRE_OPENAI;
        info_.client_wire = GW_WIRE_OPENAI;
        info_.stream = 1;
        info_.channel_type = channel_->type;
        info_.channel_id = channel_->id;
        info_.origin_model = plugin::to_abi(model_);
        info_.upstream_model = plugin::to_abi(upstream_model_);
        info_.base_url = plugin::to_abi(base_url_);
        info_.api_key = plugin::to_abi(api_key_);
        info_.request_id = plugin::to_abi(base_.request_id);
        info_.client_path = plugin::to_abi(path_);
    }

    void from_client(http::WsMessage&& m) {
        if (auto up = upstream_.lock()) up->send(m.op, std::move(m.payload));
    }

    // Upstream thread: each server event through the provider, which forwards it and reports
    // a finished response's usage.
    void from_upstream(http::WsMessage&& m) {
        if (m.op != WsOp::text) {
            if (client_) client_->send(m.op, m.payload);
            return;
        }
        gw_stream_event ev{sizeof(gw_stream_event), plugin::to_abi(""), plugin::to_abi(m.payload), plugin::to_abi("")};
        ProviderError err;
        gw_error_sink esink = error_sink(err);
        gw_output_sink out{sizeof(gw_output_sink),
                           this,
                           [](void* c, gw_str, gw_str data) {
                               auto* self = static_cast<RealtimeSession*>(c);
                               if (self->client_) self->client_->send(WsOp::text, plugin::from_abi(data));
                           },
                           [](void* c, const gw_usage* u) { static_cast<RealtimeSession*>(c)->charge(*u); },
                           [](void*, gw_str, gw_str) {},
                           &esink};
        if (preq_) provider_->parse_stream_event(provider_.get(), preq_, &ev, &out);
    }

    // One response's usage, charged at once (journaled like any relay request), so a long session
    // is paid as it goes; a balance that runs out ends the session.
    void charge(const gw_usage& usage) {
        RelayRecord r = base_;
        {
            std::lock_guard lock(mutex_);
            if (finished_) return;
            r.plan.held = charged_ ? 0 : plan_.held;
            r.plan.held_shared = !charged_ && plan_.held_shared;
            charged_ = true;
        }
        r.usage = usage;
        r.usage.struct_size = sizeof(gw_usage);
        r.delivered = true;
        r.status = 200;
        r.finished_ms = now_ms();
        r.first_byte_ms = r.finished_ms;
        try {
            s_.settle.settle(r);
        } catch (const std::exception& e) {
            log::error("realtime charge failed for " + r.request_id + ": " + e.what());
        }
        if (s_.ledger.user_quota(*auth_.user) > 0) return;
        if (client_) client_->send(WsOp::text, error_event("insufficient_user_quota", "用户额度不足"));
        if (auto up = upstream_.lock()) up->close(1000);
    }

    void refused(int status, std::string body) {
        std::string message =
            status ? "upstream refused the realtime session: HTTP " + std::to_string(status) + " " + body.substr(0, 300)
                   : "upstream connection failed: " + body;
        log::warn("realtime " + base_.request_id + ": " + message);
        if (client_) {
            client_->send(WsOp::text, error_event("upstream_error", message));
            client_->close(1011, "upstream unavailable");
        }
        upstream_closed(1011);
    }

    void upstream_closed(uint16_t code) {
        if (client_) client_->close(code == 1005 || code == 1006 ? 1000 : code, "");
        end_provider();
        finish();
    }

    void client_closed(uint16_t) {
        if (auto up = upstream_.lock()) up->close(1000);
    }

    // Once both ends are done with: the hold goes back when no response was charged.
    void finish() {
        std::lock_guard lock(mutex_);
        if (finished_) return;
        finished_ = true;
        if (!charged_) s_.ledger.release(auth_.user->id, auth_.token->id, plan_.held, plan_.held_shared);
        s_.limits.ended(auth_.token->id);
    }

    void end_provider() {
        if (preq_ && provider_) provider_->end(provider_.get(), preq_);
        preq_ = nullptr;
    }

    RelayServices& s_;
    KeyAuth auth_;
    BillingPlan plan_;
    std::string model_, upstream_model_, base_url_, api_key_, path_;
    RelayRecord base_;
    std::shared_ptr<const store::Channel> channel_;
    std::shared_ptr<const gw_provider> provider_;
    void* preq_ = nullptr;
    gw_request_info info_{};
    BuiltRequest built_;
    std::shared_ptr<http::WsServer> client_;
    std::weak_ptr<upstream::WsClient> upstream_;  // its own thread keeps it
    std::mutex mutex_;
    bool charged_ = false, finished_ = false;
};

void realtime_route(RelayServices& s, http::HttpRequest& req, const http::Responder& res) {
    auto fail = [&](const RelayError& e) { send_error(res, wire::Dialect::chat, e); };
    if (live_sessions >= kMaxSessions)
        return fail({503, "too many realtime sessions on this node, try again later", "new_api_error",
                     "realtime_sessions_full"});
    if (!http::is_websocket_upgrade(req))
        return fail({400, "/v1/realtime takes a WebSocket: GET with Upgrade: websocket", "invalid_request_error",
                     "websocket_required"});
    auto auth = authenticate_key(with_key(req), s.cache, static_cast<int64_t>(std::time(nullptr)));
    if (auto* e = std::get_if<RelayError>(&auth)) return fail(*e);
    KeyAuth& a = std::get<KeyAuth>(auth);
    std::string model = req.query_param("model").value_or("");
    if (model.empty()) return fail({400, "model is required (?model=)", "invalid_request_error", "invalid_request"});
    if (!token_allows_model(*a.token, model))
        return fail({403, "该令牌无权访问模型 " + model, "new_api_error", "model_not_allowed"});
    if (auto limited = s.limits.admit(Options(s.cache), a)) return fail(*limited);
    RelayBody b;
    b.bytes = std::make_shared<const std::string>("{}");
    b.model = model;
    auto admitted = admit(s, a, b, GW_API_REALTIME);
    if (auto* e = std::get_if<RelayError>(&admitted)) {
        s.limits.ended(a.token->id);
        return fail(*e);
    }
    BillingPlan plan = std::get<Admission>(admitted).plan;
    auto session = std::make_shared<RealtimeSession>(s, a, plan, model, req, res);
    if (auto err = session->prepare()) {
        s.ledger.release(a.user->id, a.token->id, plan.held, plan.held_shared);
        s.limits.ended(a.token->id);
        return fail(*err);
    }
    session->start(req, res);
}

}  // namespace

void register_realtime(http::Router& router, RelayServices& services) {
    router.get(
        "/v1/realtime",
        [&services](http::HttpRequest& req, const http::Responder& res) { realtime_route(services, req, res); },
        http::Exec::inline_);
}

}  // namespace gw::relay
