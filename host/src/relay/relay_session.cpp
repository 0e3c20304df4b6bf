#include "relay/relay_session.hpp"

#include "app/config.hpp"
#include "app/option_defaults.hpp"
#include "billing/ledger.hpp"
#include "common/batch_worker.hpp"
#include "common/json_bounded.hpp"
#include "common/log.hpp"
#include "common/strings.hpp"
#include "http/stream_writer.hpp"
#include "metrics/instruments.hpp"
#include "relay/channel_health.hpp"
#include "relay/channel_keys.hpp"
#include "relay/channel_overrides.hpp"
#include "relay/channel_selector.hpp"
#include "relay/compaction.hpp"
#include "relay/dialect_choice.hpp"
#include "relay/media_body.hpp"
#include "relay/model_mapping.hpp"
#include "relay/provider_calls.hpp"
#include "relay/provider_pool.hpp"
#include "relay/rate_limits.hpp"
#include "relay/responses_policy.hpp"
#include "relay/secret_mask.hpp"
#include "relay/usage_estimate.hpp"
#include "store/cache.hpp"
#include "upstream/http_client.hpp"
#include "upstream/sse_parser.hpp"
#include "wire/convert.hpp"

#include "plugin/abi_str.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <random>
#include <set>

namespace gw::relay {
namespace {

int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string_view sv(gw_str s) {
    return plugin::from_abi(s);
}

// What the client called, for plugins that follow it (e.g. Anthropic's ?beta=true); a key given
// in the query never leaves the gateway.
std::string path_with_query(const http::HttpRequest& req) {
    std::string out = req.path;
    char sep = '?';
    for (const auto& [k, v] : req.query) {
        if (k == "key") continue;
        out += sep + k + "=" + v;
        sep = '&';
    }
    return out;
}

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(RelayServices& s, RelayInput in) : s_(s), in_(std::move(in)) {
        record_.request_id = in_.responder.request_id();
        record_.ip = in_.request.remote_ip;
        record_.user_id = in_.auth.user->id;
        record_.username = in_.auth.user->username;
        record_.token_id = in_.auth.token->id;
        record_.token_name = in_.auth.token->name;
        record_.group = in_.auth.group;
        record_.origin_model = in_.body.model;
        record_.api = in_.api;
        record_.stream = in_.body.stream;
        record_.started_ms = now_ms();
        record_.token_key = in_.auth.token->key;
        record_.path = in_.request.path;
        record_.plan = in_.plan;
        record_.prompt_estimate = in_.prompt_estimate;
        for (const auto& [n, v] : in_.request.headers)
            client_headers_.push_back({plugin::to_abi(n), plugin::to_abi(v)});
        client_path_ = path_with_query(in_.request);
        client_ = in_.body.dialect;
        max_retries_ = static_cast<int>(Options(s_.cache).number("RetryTimes"));
    }

    // A session that never completed (it cannot normally happen) still gives back its hold and
    // its slots, so a bug costs one request, not a balance.
    ~Session() {
        end_provider_request();
        if (completed_) return;
        end_channel_slot();
        s_.limits.ended(record_.token_id);
        s_.ledger.release(record_.user_id, record_.token_id, record_.plan.held, record_.plan.held_shared);
    }

    // Also the retry path: whatever throws ends this request with a 500, settled like any other.
    void attempt() {
        try {
            RelayError err;
            if (!prepare(err)) return fail(err);
            send_upstream();
        } catch (const std::exception& e) {
            log::error("relay " + record_.request_id + " failed: " + e.what());
            if (!completed_) fail(RelayError{500, "internal error", "new_api_error", "internal_error"});
        }
    }

private:
    // ---- choosing a channel and building the upstream request --------------------------------

    std::shared_ptr<const store::Channel> choose_channel(RelayError& err) {
        if (in_.auth.pinned_channel) {
            auto c = s_.cache.channels.get(*in_.auth.pinned_channel);
            if (!c)
                err = {404, "渠道 #" + std::to_string(*in_.auth.pinned_channel) + " 不存在", "new_api_error",
                       "channel_not_found"};
            else if (c->status != 1)
                err = {403, "该渠道已被禁用", "new_api_error", "channel_disabled"};
            return c && c->status == 1 ? c : nullptr;
        }
        std::set<int64_t> skip = tried_;
        s_.health.add_blocked(skip);
        s_.limits.add_full_channels(skip);
        auto index = s_.cache.channel_index();
        // A capped channel is taken only with a slot; one filled meanwhile gives way to the next.
        std::shared_ptr<const store::Channel> c;
        while ((c = select_channel(*index, in_.auth.group, in_.body.model, skip, retry_, rng()))) {
            int cap = max_concurrency(*c);
            if (cap == 0) break;
            if (s_.limits.try_channel(c->id, cap)) {
                slot_channel_ = c->id;
                break;
            }
            skip.insert(c->id);
        }
        if (!c)
            err = {503, "当前分组 " + in_.auth.group + " 下对于模型 " + in_.body.model + " 无可用渠道", "new_api_error",
                   "model_not_found"};
        return c;
    }

    bool prepare(RelayError& err) {
        end_provider_request();
        end_channel_slot();
        channel_ = choose_channel(err);
        if (!channel_) return false;
        tried_.insert(channel_->id);
        record_.attempted_channels.push_back(channel_->id);
        record_.channel_id = channel_->id;
        record_.channel_type = channel_->type;
        std::string why;
        provider_ = s_.providers.get(channel_, why);
        if (!provider_) {
            err = {503, "provider missing for channel #" + std::to_string(channel_->id) + ": " + why, "new_api_error",
                   "provider_missing"};
            return false;
        }
        auto registry = s_.providers.registry();  // held: ref points into it
        auto ref = registry->provider_for_type(channel_->type);
        upstream_dialect_ = upstream_dialect(ref ? ref->provider : nullptr, client_);
        if (in_.body.media) upstream_dialect_ = client_;  // media bodies go to the plugin as the client sent them
        if (client_ == wire::Dialect::chat && in_.api == GW_API_CHAT && ref &&
            ref->provider->has_capability("responses") &&
            s_.responses_policy.applies(Options(s_.cache), channel_->id, channel_->type, in_.body.model))
            upstream_dialect_ = wire::Dialect::responses;
        think_tags_ = client_ == wire::Dialect::chat && thinking_to_content(*channel_);
        auto mapped = map_model(channel_->model_mapping, in_.body.model);
        if (!mapped) {
            err = {500, "model mapping of channel #" + std::to_string(channel_->id) + " loops", "new_api_error",
                   "model_mapping_cycle"};
            return false;
        }
        upstream_model_ = *mapped;
        if (is_compaction_path(in_.request.path)) {
            if (upstream_dialect_ != wire::Dialect::responses) {
                err = {400, "responses compaction needs a channel that speaks OpenAI Responses",
                       "invalid_request_error", "convert_request_failed"};
                return false;
            }
            upstream_model_ = without_compact_suffix(upstream_model_);
        }
        record_.upstream_model = upstream_model_;
        try {
            handed_body_ = upstream_body(*channel_, in_.body, upstream_model_, upstream_dialect_);
        } catch (const wire::ConversionError& e) {
            err = {e.status, e.message, "invalid_request_error", "convert_request_failed"};
            return false;
        }
        fill_info();
        if (provider_->begin(provider_.get(), &info_, &preq_) != GW_OK) {
            preq_ = nullptr;
            err = {500, "provider could not start the request", "new_api_error", "provider_error"};
            return false;
        }
        return build(err);
    }

    static std::mt19937_64& rng() {
        thread_local std::mt19937_64 r{std::random_device{}()};  // seeding per request costs more than the relay
        return r;
    }

    void fill_info() {
        base_url_ =
            channel_->base_url.empty() ? s_.providers.registry()->default_base_url(channel_->type) : channel_->base_url;
        KeyChoice key = pick_key(*channel_, rng());
        api_key_ = key.key;
        key_index_ = key.index;
        request_id_ = record_.request_id;
        info_ = gw_request_info{};
        info_.struct_size = sizeof(gw_request_info);
        bool chat_family = in_.api == GW_API_CHAT || in_.api == GW_API_RESPONSES;
        info_.api = chat_family ? wire::abi_api(upstream_dialect_) : in_.api;
        info_.body_wire = wire::abi_wire(upstream_dialect_);
        info_.client_wire = wire::abi_wire(client_);
        info_.stream = in_.body.stream ? 1 : 0;
        info_.attempt = retry_;
        info_.channel_type = channel_->type;
        info_.channel_id = channel_->id;
        info_.origin_model = plugin::to_abi(in_.body.model);
        info_.upstream_model = plugin::to_abi(upstream_model_);
        info_.base_url = plugin::to_abi(base_url_);
        info_.api_key = plugin::to_abi(api_key_);
        info_.request_id = plugin::to_abi(request_id_);
        info_.client_path = plugin::to_abi(client_path_);
        info_.client_headers = client_headers_.data();
        info_.n_client_headers = client_headers_.size();
    }

    bool build(RelayError& err) {
        BuiltRequest built = build_upstream_request(provider_.get(), preq_, handed_body_);
        if (built.status != GW_OK) {
            const ProviderError& e = built.error;
            err = {e.status ? e.status : 500, e.message.empty() ? "provider could not build the request" : e.message,
                   e.type.empty() ? "new_api_error" : e.type, e.code};
            return false;
        }
        up_ = std::move(built.request);
        if (!channel_->header_override.empty()) override_headers(*channel_, api_key_, in_.request.headers, up_.headers);
        framing_ = built.framing;
        up_.proxy = channel_proxy(*channel_);
        up_.idle_timeout_ms = s_.config.streaming_timeout * 1000;
        up_.first_byte_timeout_ms = s_.config.streaming_timeout * 1000;
        up_.total_timeout_ms = s_.config.relay_timeout * 1000;
        return true;
    }

    // ---- the upstream exchange ---------------------------------------------------------------

    void send_upstream() {
        auto self = shared_from_this();
        upstream::Callbacks cb;
        cb.on_head = [self](int status, const upstream::Headers& h) { self->on_head(status, h); };
        cb.on_data = [self](std::string_view chunk) { return self->on_data(chunk); };
        cb.on_done = [self](const upstream::Result& r) { self->on_done(r); };
        cb.still_wanted = [self] { return self->client_alive(); };
        cb.backlogged = [self] { return self->stream_ && self->stream_->backlogged(); };
        upstream_status_ = 0;
        upstream_body_.clear();
        parser_.reset();
        pipeline_.reset();
        if (converting() && in_.body.stream)
            pipeline_ = std::make_unique<wire::StreamPipeline>(upstream_dialect_, client_, convert_context());
        transfer_ = s_.http.start(up_, std::move(cb));
    }

    // The answer changes shape on its way to the client: another dialect, or reasoning as content.
    bool converting() const { return upstream_dialect_ != client_ || think_tags_; }

    wire::ConvertContext convert_context() const {
        bool embeddings = in_.api == GW_API_EMBEDDINGS;
        bool batch = client_path_.find(":batchEmbedContents") != std::string::npos;
        return {in_.body.model,
                in_.body.stream,
                in_.body.include_usage,
                think_tags_,
                embeddings,
                batch,
                std::max<int64_t>(0, record_.prompt_estimate),
                responses_tools()};
    }

    // A Responses client's namespaced and custom tools, read once, when its answer is converted.
    std::shared_ptr<const wire::ToolOrigins> responses_tools() const {
        if (client_ != wire::Dialect::responses) return nullptr;
        if (!tool_origins_) tool_origins_ = wire::responses_tool_origins(parse_document(in_.body));
        return tool_origins_;
    }

    bool client_alive() const { return stream_ ? stream_->alive() : in_.responder.connected(); }

    void on_head(int status, const upstream::Headers& headers) {
        upstream_status_ = status;
        if (status < 200 || status >= 300) return;  // an error body: collected whole
        std::vector<gw_header> hs;
        for (const auto& [n, v] : headers) hs.push_back({plugin::to_abi(n), plugin::to_abi(v)});
        ProviderError e;
        gw_error_sink esink = error_sink(e);
        provider_->on_response_head(provider_.get(), preq_, status, hs.data(), hs.size(), &framing_, &esink);
        if (framing_ == GW_FRAMING_RAW) {  // a binary or plain answer, passed through as it arrives
            for (const auto& [n, v] : headers)
                if (to_lower(n) == "content-type") raw_content_type_ = v;
            if (raw_content_type_.empty()) raw_content_type_ = "application/octet-stream";
            raw_ = true;
        }
        if (framing_ == GW_FRAMING_SSE || framing_ == GW_FRAMING_NDJSON) {
            auto mode =
                framing_ == GW_FRAMING_SSE ? upstream::EventParser::Mode::sse : upstream::EventParser::Mode::ndjson;
            size_t max_line = static_cast<size_t>(s_.config.stream_scanner_max_buffer_mb) << 20;
            parser_ = std::make_unique<upstream::EventParser>(
                mode, max_line, [this](std::string_view ev, std::string_view data, std::string_view id) {
                    return on_event(ev, data, id);
                });
        }
    }

    bool on_data(std::string_view chunk) {
        if (parser_) return parser_->feed(chunk) && client_alive();
        if (raw_) return on_event({}, chunk, {}) && client_alive();
        upstream_body_.append(chunk);
        return client_alive();
    }

    bool on_event(std::string_view event, std::string_view data, std::string_view id) {
        gw_stream_event ev{sizeof(gw_stream_event), plugin::to_abi(event), plugin::to_abi(data), plugin::to_abi(id)};
        gw_output_sink out = output_sink();
        if (provider_->parse_stream_event(provider_.get(), preq_, &ev, &out) != GW_OK) {
            stream_failed_ = true;
            return false;
        }
        return !client_gone_;
    }

    void on_done(const upstream::Result& r) {
        transfer_.reset();
        if (parser_ || raw_) return finish_stream(r);
        if (r.outcome != upstream::Outcome::ok) return failed_transport(r);
        if (upstream_status_ < 200 || upstream_status_ >= 300) return failed_status();
        finish_whole_body();
    }

    // ---- answering the client ----------------------------------------------------------------

    gw_output_sink output_sink() {
        out_error_ = ProviderError{};
        out_esink_ = error_sink(out_error_);
        return gw_output_sink{sizeof(gw_output_sink),
                              this,
                              [](void* c, gw_str ev, gw_str data) { static_cast<Session*>(c)->emit(sv(ev), sv(data)); },
                              [](void* c, const gw_usage* u) { static_cast<Session*>(c)->report_usage(u); },
                              [](void*, gw_str, gw_str) {},
                              &out_esink_};
    }

    void report_usage(const gw_usage* u) {
        usage_ = gw_usage{};
        std::memcpy(&usage_, u, std::min<size_t>(u->struct_size, sizeof(gw_usage)));
        usage_.struct_size = sizeof(gw_usage);
        usage_reported_ = true;
    }

    void emit(std::string_view event, std::string_view data) {
        if (raw_) return write_raw(data);
        emitted_bytes_ += data.size();
        if (s_.tokenizer && !usage_reported_ && !in_.body.media && emitted_kept_ < kMaxEstimateBytes) {
            emitted_.emplace_back(data);
            emitted_kept_ += data.size();
        }
        if (!parser_) {
            whole_body_.assign(data);
            return;
        }
        if (!pipeline_) return write_event(event, data);
        events_.clear();
        pipeline_->feed(event, data, events_);
        for (const auto& e : events_) write_event(e.event, e.data);
    }

    // The client's response opens with the first bytes; the upstream pauses while it is behind.
    void open_stream(http::HeaderList headers) {
        stream_ = std::make_unique<http::StreamWriter>(in_.responder, 200, std::move(headers));
        std::weak_ptr<upstream::Transfer> transfer = transfer_;
        stream_->on_caught_up([transfer] {
            if (auto t = transfer.lock()) t->resume();
        });
        record_.first_byte_ms = now_ms();
        record_.delivered = true;
        stream_hold_.emplace();
    }

    void write_raw(std::string_view data) {
        if (!stream_) open_stream({{"Content-Type", raw_content_type_}});
        if (!data.empty() && !stream_->write(std::string(data))) client_gone_ = true;
    }

    void write_event(std::string_view event, std::string_view data) {
        if (!stream_)
            open_stream(
                {{"Content-Type", "text/event-stream"}, {"Cache-Control", "no-cache"}, {"X-Accel-Buffering", "no"}});
        std::string frame = event.empty() ? std::string() : "event: " + std::string(event) + "\n";
        frame += "data: ";
        frame += data;
        frame += "\n\n";
        if (!stream_->write(frame)) client_gone_ = true;
    }

    void finish_whole_body() {
        gw_output_sink out = output_sink();
        gw_status st =
            provider_->parse_response(provider_.get(), preq_, upstream_status_, plugin::to_abi(upstream_body_), &out);
        if (st != GW_OK) return reply_provider_error(out_error_, 502);
        if (converting())
            whole_body_ = wire::convert_response_body(upstream_dialect_, client_, whole_body_, convert_context());
        record_.first_byte_ms = now_ms();
        record_.status = 200;
        record_.delivered = true;
        s_.health.succeeded(channel_->id);
        complete(EndReason::normal, [self = shared_from_this()] { self->in_.responder.send(200, self->whole_body_); });
    }

    void finish_stream(const upstream::Result& r) {
        if (r.outcome == upstream::Outcome::ok && !stream_failed_ && parser_) parser_->finish();
        gw_output_sink out = output_sink();
        if (!stream_failed_) provider_->finish_stream(provider_.get(), preq_, &out);
        bool client_gone = client_gone_ || (stream_ && !stream_->alive()) || (!stream_ && !in_.responder.connected());
        if (client_gone) {
            record_.status = 499;
            return complete(EndReason::client_gone);
        }
        bool overflowed = parser_ && parser_->overflowed();
        bool ok = r.outcome == upstream::Outcome::ok && !stream_failed_ && !overflowed;
        if (!stream_ && !ok)  // nothing reached the client yet: still free to retry or answer an error
            return r.outcome == upstream::Outcome::ok ? reply_provider_error(out_error_, 502) : failed_transport(r);
        if (ok && pipeline_) {
            events_.clear();
            pipeline_->finish(events_);
            for (const auto& e : events_) write_event(e.event, e.data);
        }
        if (raw_) return finish_raw(r, ok);
        if (!stream_) open_stream({{"Content-Type", "text/event-stream"}, {"Cache-Control", "no-cache"}});
        std::string tail;  // the stream's last frames, sent once the charge is recorded
        if (!ok) {
            std::string message = overflowed                    ? "upstream stream line too long"
                                  : !out_error_.message.empty() ? scrub(out_error_.message)
                                                                : std::string("upstream stream ended abnormally: ") +
                                                                      upstream::outcome_name(r.outcome);
            auto ev = wire::stream_error_event(client_, 502, message + " (request id: " + record_.request_id + ")",
                                               "upstream_error", "stream_interrupted");
            tail = (ev.event.empty() ? "" : "event: " + ev.event + "\n") + "data: " + ev.data + "\n\n";
            record_.error = message;
        }
        if (wire::ends_with_done(client_)) tail += "data: [DONE]\n\n";
        record_.status = 200;
        if (ok) s_.health.succeeded(channel_->id);
        bool timed_out = r.outcome == upstream::Outcome::idle_timeout || r.outcome == upstream::Outcome::total_timeout;
        complete(ok          ? EndReason::normal
                 : timed_out ? EndReason::timeout
                             : EndReason::upstream_error,
                 [self = shared_from_this(), tail = std::move(tail)] {
                     if (!tail.empty()) self->stream_->write(tail);
                     self->stream_->finish();
                 });
    }

    // A passed-through answer has no error frame to add: a broken one is cut short, as the
    // upstream cut it.
    void finish_raw(const upstream::Result& r, bool ok) {
        if (!stream_) open_stream({{"Content-Type", raw_content_type_}});
        record_.status = 200;
        if (ok) s_.health.succeeded(channel_->id);
        if (!ok) record_.error = std::string("upstream answer ended abnormally: ") + upstream::outcome_name(r.outcome);
        complete(ok ? EndReason::normal : EndReason::upstream_error, [self = shared_from_this()] {
            if (self->record_.end == EndReason::normal)
                self->stream_->finish();
            else
                self->stream_->abort();
        });
    }

    // ---- failures ------------------------------------------------------------------------------

    // New API's rule: AutomaticRetryStatusCodes, never 504 or 524, always a status outside 100-599.
    bool retryable_status(int status) const {
        if (status >= 200 && status < 300) return false;
        if (status < 100 || status > 599) return true;
        if (status == 504 || status == 524) return false;
        return status_listed(Options(s_.cache).str("AutomaticRetryStatusCodes"), status);
    }

    bool may_retry(bool retryable) const {
        return retryable && !in_.auth.pinned_channel && retry_ < max_retries_ && !stream_ && in_.responder.connected();
    }

    void failed_transport(const upstream::Result& r) {
        if (r.outcome == upstream::Outcome::canceled && !in_.responder.connected()) {
            record_.status = 499;
            return complete(EndReason::client_gone);
        }
        bool timeout = r.outcome == upstream::Outcome::first_byte_timeout ||
                       r.outcome == upstream::Outcome::idle_timeout || r.outcome == upstream::Outcome::total_timeout;
        if (r.outcome == upstream::Outcome::local_error) {  // ours, not the channel's: not counted against it
            record_.error = "gateway out of resources: " + r.error;
            return fail(RelayError{503, "the gateway is out of resources, try again later", "new_api_error",
                                   "gateway_overloaded"},
                        EndReason::upstream_error);
        }
        RelayError e{timeout ? 504 : 502, "upstream request failed: " + scrub(r.error), "new_api_error",
                     "do_request_failed"};
        if (r.outcome != upstream::Outcome::canceled) {
            s_.health.failed(*channel_, key_index_, 0, scrub(r.error), 0);
            metrics::upstream_error(std::to_string(channel_->id), timeout ? "timeout" : "transport");
        }
        bool retryable =
            r.outcome == upstream::Outcome::connect_failed || r.outcome == upstream::Outcome::first_byte_timeout;
        if (may_retry(retryable)) return retry();
        record_.error = e.message;
        fail(e, timeout ? EndReason::timeout : EndReason::upstream_error);
    }

    void failed_status() {
        gw_output_sink out = output_sink();
        provider_->parse_response(provider_.get(), preq_, upstream_status_, plugin::to_abi(upstream_body_), &out);
        if (!out_error_.set)
            out_error_ = {true, upstream_status_, "upstream_error", "", upstream_body_.substr(0, 500), 0};
        out_error_.message = scrub(std::move(out_error_.message));
        s_.health.failed(*channel_, key_index_, upstream_status_, out_error_.message, out_error_.flags);
        metrics::upstream_error(std::to_string(channel_->id), std::to_string(upstream_status_));
        if (may_retry(retryable_status(upstream_status_) && out_error_.code != "bad_response_body")) return retry();
        reply_provider_error(out_error_, upstream_status_);
    }

    // Upstream text with the channel's credentials masked (it reaches clients, logs and admins).
    std::string scrub(std::string text) const { return mask_secrets(std::move(text), channel_->key); }

    void reply_provider_error(const ProviderError& e, int fallback_status) {
        int status = mapped_status(*channel_, e.status ? e.status : fallback_status);
        RelayError err{status, e.message.empty() ? "upstream error" : scrub(e.message),
                       e.type.empty() ? "upstream_error" : e.type, e.code};
        record_.error = err.message;
        fail(err, EndReason::upstream_error);
    }

    void retry() {
        ++retry_;
        metrics::relay_retry(std::to_string(channel_->id));
        log::info("relay " + record_.request_id + ": retrying after channel #" + std::to_string(channel_->id) +
                  " failed");
        attempt();
    }

    void fail(const RelayError& e, EndReason reason = EndReason::rejected) {
        record_.status = e.status;
        if (record_.error.empty()) record_.error = e.message;
        complete(reason, [self = shared_from_this(), e] { send_error(self->in_.responder, self->client_, e); });
    }

    // The request's charge is recorded (journaled) before `answer` completes the client's
    // response, so an answered request is never unbilled, whatever happens to this process. With
    // usage in hand that is quick and done here; a local estimate (tokenizing the answer) runs on
    // the settlement thread, off the I/O threads, and answers from there.
    void complete(EndReason reason, std::function<void()> answer = {}) {
        completed_ = true;
        record_.end = reason;
        record_.finished_ms = now_ms();
        stream_hold_.reset();
        end_provider_request();
        end_channel_slot();
        s_.limits.ended(record_.token_id);
        auto finish = [self = shared_from_this(), answer = std::move(answer)] {
            self->settle();
            if (answer) answer();
        };
        if (needs_estimate())
            s_.settlement.post(std::move(finish));
        else
            finish();
    }

    bool has_usage() const {
        return usage_reported_ && (usage_.prompt_tokens || usage_.completion_tokens || usage_.total_tokens);
    }
    bool needs_estimate() const { return record_.delivered && !has_usage() && s_.tokenizer && !in_.body.media; }

    void settle() {
        finalize_usage();
        try {
            s_.settle.settle(record_);
        } catch (const std::exception& ex) {
            log::error("settle failed for " + record_.request_id + ": " + ex.what());
        }
        measure();
        // Shared rate-limit windows may ask Redis: counted off the I/O threads.
        s_.settlement.post([self = shared_from_this()] {
            self->s_.limits.settled(self->record_.user_id, self->record_.token_id, self->record_.status == 200,
                                    self->record_.usage.prompt_tokens + self->record_.usage.completion_tokens);
        });
    }

    void measure() const {
        const RelayRecord& r = record_;
        bool served = r.channel_id != 0;  // a model name counts as a label only once a channel serves it
        double first = r.stream && r.first_byte_ms ? (r.first_byte_ms - r.started_ms) / 1000.0 : -1;
        metrics::relay_finished(served ? r.origin_model : "", served ? std::to_string(r.channel_id) : "", r.status,
                                (r.finished_ms - r.started_ms) / 1000.0, first);
        if (s_.config.access_log) access_line();
    }

    // ACCESS_LOG: one line per answered relay request (no prompt, no key).
    void access_line() const {
        const RelayRecord& r = record_;
        int64_t ttft = r.stream && r.first_byte_ms ? r.first_byte_ms - r.started_ms : -1;
        log::write(log::Level::info, "access",
                   {{"request_id", std::string_view(r.request_id)},
                    {"ip", std::string_view(r.ip)},
                    {"user_id", r.user_id},
                    {"token_id", r.token_id},
                    {"channel_id", r.channel_id},
                    {"model", std::string_view(r.origin_model)},
                    {"upstream_model", std::string_view(r.upstream_model)},
                    {"path", std::string_view(r.path)},
                    {"stream", r.stream},
                    {"status", static_cast<int64_t>(r.status)},
                    {"end", std::string_view(end_reason_name(r.end))},
                    {"attempts", static_cast<int64_t>(r.attempted_channels.size())},
                    {"latency_ms", r.finished_ms - r.started_ms},
                    {"ttft_ms", ttft},
                    {"prompt_tokens", static_cast<int64_t>(r.usage.prompt_tokens)},
                    {"completion_tokens", static_cast<int64_t>(r.usage.completion_tokens)}});
    }

    void finalize_usage() {
        if (in_.body.media) return finalize_media_usage();
        if (has_usage()) {
            record_.usage = usage_;
            return;
        }
        record_.usage = gw_usage{};
        record_.usage.struct_size = sizeof(gw_usage);
        record_.usage.prompt_includes_cache = 1;
        if (!record_.delivered || !s_.tokenizer) return;
        record_.usage_estimated = true;
        if (record_.prompt_estimate < 0)
            record_.prompt_estimate =
                estimate_prompt_tokens(*s_.tokenizer, in_.body.model, in_.api, parse_document(in_.body));
        record_.usage.prompt_tokens = record_.prompt_estimate;
        int64_t counted = estimate_completion_tokens(*s_.tokenizer, in_.body.model, emitted_);
        // Past the bytes kept for counting, extrapolate at the rate counted so far.
        record_.usage.completion_tokens =
            emitted_kept_ == 0
                ? 0
                : static_cast<int64_t>(static_cast<double>(counted) * static_cast<double>(emitted_bytes_) /
                                       static_cast<double>(emitted_kept_));
        record_.usage.total_tokens = record_.usage.prompt_tokens + record_.usage.completion_tokens;
    }

    // Media answers are not counted locally: the upstream's usage, with the request's own count
    // for the prompt where it gave none (New API bills at least one token for an image).
    void finalize_media_usage() {
        record_.usage = usage_reported_ ? usage_ : gw_usage{};
        record_.usage.struct_size = sizeof(gw_usage);
        if (!usage_reported_) record_.usage.prompt_includes_cache = 1;
        if (!record_.delivered || record_.usage.prompt_tokens > 0) return;
        if (record_.prompt_estimate < 0) record_.prompt_estimate = media_prompt_tokens(s_.tokenizer, in_.body);
        record_.usage.prompt_tokens = std::max<int64_t>(record_.prompt_estimate, 1);
        record_.usage_estimated = !usage_reported_;
        record_.usage.total_tokens = record_.usage.prompt_tokens + record_.usage.completion_tokens;
    }

    void end_channel_slot() {
        if (slot_channel_) s_.limits.channel_ended(slot_channel_);
        slot_channel_ = 0;
    }

    void end_provider_request() {
        if (preq_ && provider_) provider_->end(provider_.get(), preq_);
        preq_ = nullptr;
    }

    RelayServices& s_;
    RelayInput in_;
    std::set<int64_t> tried_;
    int retry_ = 0, max_retries_ = 0;
    std::shared_ptr<const store::Channel> channel_;
    std::shared_ptr<const gw_provider> provider_;
    void* preq_ = nullptr;
    std::string upstream_model_, base_url_, api_key_, request_id_, client_path_;
    wire::Dialect client_ = wire::Dialect::chat, upstream_dialect_ = wire::Dialect::chat;
    bool think_tags_ = false;
    mutable std::shared_ptr<const wire::ToolOrigins> tool_origins_;
    std::unique_ptr<wire::StreamPipeline> pipeline_;
    std::vector<wire::SseEvent> events_;
    int key_index_ = -1;
    int64_t slot_channel_ = 0;  // holds a concurrency slot on this channel
    bool completed_ = false;
    std::vector<gw_header> client_headers_;
    gw_request_info info_{};
    std::shared_ptr<const std::string> handed_body_;
    upstream::Request up_;
    gw_framing framing_ = GW_FRAMING_NONE;
    std::shared_ptr<upstream::Transfer> transfer_;
    int upstream_status_ = 0;
    std::string upstream_body_, whole_body_;
    std::unique_ptr<upstream::EventParser> parser_;
    std::unique_ptr<http::StreamWriter> stream_;
    std::optional<metrics::StreamHold> stream_hold_;
    bool stream_failed_ = false, client_gone_ = false;
    bool raw_ = false;  // the answer passes through unframed (audio, files)
    std::string raw_content_type_;
    ProviderError out_error_;
    gw_error_sink out_esink_{};
    gw_usage usage_{};
    bool usage_reported_ = false;
    static constexpr size_t kMaxEstimateBytes = 1u << 20;  // what is kept to count locally
    std::vector<std::string> emitted_;
    size_t emitted_kept_ = 0, emitted_bytes_ = 0;
    RelayRecord record_;
};

}  // namespace

const char* end_reason_name(EndReason r) {
    switch (r) {
        case EndReason::normal:
            return "normal";
        case EndReason::client_gone:
            return "client_gone";
        case EndReason::timeout:
            return "timeout";
        case EndReason::upstream_error:
            return "upstream_error";
        case EndReason::rejected:
            return "rejected";
    }
    return "?";
}

void start_relay(RelayServices& services, RelayInput input) {
    auto session = std::make_shared<Session>(services, std::move(input));
    session->attempt();
}

}  // namespace gw::relay
