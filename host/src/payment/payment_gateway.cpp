#include "payment/payment_gateway.hpp"

#include "app/option_defaults.hpp"
#include "common/json_bounded.hpp"
#include "common/log.hpp"
#include "http/request.hpp"
#include "plugin/abi_str.hpp"
#include "plugin/aux_call.hpp"
#include "plugin/catalog.hpp"
#include "upstream/collect.hpp"

#include <nlohmann/json.hpp>

namespace gw::payment {
namespace {

using nlohmann::json;
using plugin::copy_abi;
using plugin::to_abi;

constexpr int kMaxRounds = 4;            // create_order rounds (one auxiliary call between each)
constexpr size_t kMaxAnswer = 1u << 20;  // a payment API's answer

// The options the plugin's settings schema names, as a JSON object of strings.
std::string settings_for(const plugin::PaymentInfo& info, const store::Cache& cache) {
    json schema = parse_json(info.config_schema);
    json out = json::object();
    Options o(cache);
    if (schema.is_object() && schema.contains("properties") && schema["properties"].is_object())
        for (const auto& [key, _] : schema["properties"].items()) out[key] = o.str(key);
    return out.dump();
}

struct ActionSink {
    PayAction& out;
    std::string error;
    gw_error_sink err{sizeof(gw_error_sink), this, [](void* c, int32_t, gw_str, gw_str, gw_str msg, uint32_t) {
                          static_cast<ActionSink*>(c)->error = copy_abi(msg);
                      }};
    gw_pay_action_sink sink{sizeof(gw_pay_action_sink),
                            this,
                            [](void* c, gw_pay_action kind, gw_str url) {
                                static_cast<ActionSink*>(c)->out.kind = kind;
                                static_cast<ActionSink*>(c)->out.url = copy_abi(url);
                            },
                            [](void* c, gw_str n, gw_str v) {
                                static_cast<ActionSink*>(c)->out.fields.emplace_back(copy_abi(n), copy_abi(v));
                            },
                            [](void* c, gw_str ref) { static_cast<ActionSink*>(c)->out.provider_ref = copy_abi(ref); },
                            &err};
};

// Makes the call a plugin recorded and hands it the answer (the plugin then calls resume).
bool answer_aux_call(plugin::AuxCall& call, upstream::HttpClient& http) {
    upstream::Request req;
    req.method = call.method;
    req.url = call.url;
    req.headers = call.headers;
    req.body = std::make_shared<const std::string>(call.body);
    req.total_timeout_ms = call.timeout_ms ? static_cast<int>(call.timeout_ms) : 30000;
    upstream::Collected a = upstream::collect(http, std::move(req), kMaxAnswer);
    std::vector<gw_header> headers;
    for (const auto& [n, v] : a.headers) headers.push_back(gw_header{to_abi(n), to_abi(v)});
    gw_http_response resp{sizeof(gw_http_response), a.ok() ? a.status : 0,
                          headers.data(),           headers.size(),
                          to_abi(a.body),           to_abi(a.ok() ? std::string_view() : a.result.error)};
    call.requested = call.resumed = false;
    call.done(call.user, &resp);
    return call.resumed;
}

}  // namespace

PaymentGateway::PaymentGateway(plugin::Catalog& plugins, const store::Cache& cache, upstream::HttpClient& http)
    : plugins_(plugins), cache_(cache), http_(http) {}

std::shared_ptr<const gw_payment> PaymentGateway::instance(const std::string& id, std::string& error) {
    auto registry = plugins_.current();
    auto ref = registry->payment(id);
    if (!ref) {
        error = "no loaded plugin offers the payment method " + id;
        return nullptr;
    }
    std::string settings = settings_for(*ref->payment, cache_);
    std::lock_guard lock(mutex_);
    for (auto& [held_id, h] : held_)
        if (held_id == id && h.registry == registry && h.settings == settings) return h.instance;
    auto made = registry->create_payment(id, settings, error);
    if (!made) return nullptr;
    std::erase_if(held_, [&](const auto& e) { return e.first == id; });
    held_.push_back({id, Held{registry, settings, made}});
    return made;
}

bool PaymentGateway::usable(const std::string& id) {
    std::string error;
    return instance(id, error) != nullptr;
}

PayAction PaymentGateway::create(const std::string& id, const OrderSpec& o) {
    PayAction out;
    auto p = instance(id, out.error);
    if (!p) return out;
    gw_pay_order order{sizeof(gw_pay_order), to_abi(o.trade_no), o.amount_minor,       to_abi(o.currency),
                       to_abi(o.method),     to_abi(o.subject),  to_abi(o.notify_url), to_abi(o.return_url),
                       to_abi(o.client_ip),  to_abi(o.user_ref), o.quantity,           to_abi(o.cancel_url)};
    plugin::AuxCall call;
    gw_request_info info{};
    info.struct_size = sizeof(gw_request_info);
    info.handle = call.handle();
    for (int round = 0; round < kMaxRounds; ++round) {
        out = PayAction{};
        ActionSink sink{out, {}};
        gw_status st = p->create_order(p.get(), &info, &order, &sink.sink);
        if (st == GW_OK) {
            out.ok = !out.url.empty();
            if (!out.ok) out.error = "the payment plugin gave no payment URL";
            return out;
        }
        if (st != GW_PENDING) {
            out.error = sink.error.empty() ? "the payment plugin refused the order" : sink.error;
            return out;
        }
        if (!call.requested || !answer_aux_call(call, http_)) break;
    }
    out.ok = false;
    out.error = "the payment plugin did not finish the order";
    return out;
}

Notified PaymentGateway::verify(const std::string& id, const http::HttpRequest& req) {
    Notified n;
    auto p = instance(id, n.error);
    if (!p) return n;
    std::vector<gw_header> headers;
    for (const auto& [k, v] : req.headers) headers.push_back(gw_header{to_abi(k), to_abi(v)});
    gw_http_view view{sizeof(gw_http_view), to_abi(req.method), to_abi(req.path), to_abi(req.raw_query),
                      headers.data(),       headers.size(),     to_abi(req.body)};
    struct Sink {
        Notified& n;
        gw_error_sink err{sizeof(gw_error_sink), this, [](void* c, int32_t, gw_str, gw_str, gw_str msg, uint32_t) {
                              static_cast<Sink*>(c)->n.error = copy_abi(msg);
                          }};
        gw_notify_sink sink{sizeof(gw_notify_sink), this,
                            [](void* c, const gw_notify_result* raw) {
                                gw_notify_result r = plugin::read_sized(raw);
                                Notified& n = static_cast<Sink*>(c)->n;
                                n.has_result = true;
                                n.state = r.state;
                                n.trade_no = copy_abi(r.trade_no);
                                n.provider_txn_id = copy_abi(r.provider_txn_id);
                                n.currency = copy_abi(r.currency);
                                n.pay_method = copy_abi(r.pay_method);
                                n.paid_minor = r.paid_amount_minor;
                            },
                            [](void* c, int32_t status, gw_str type, gw_str body) {
                                Notified& n = static_cast<Sink*>(c)->n;
                                n.reply_status = status;
                                n.reply_type = copy_abi(type);
                                n.reply_body = copy_abi(body);
                            },
                            &err};
    } sink{n};
    n.verified = p->verify_notify(p.get(), &view, &sink.sink) == GW_OK && n.has_result;
    return n;
}

std::vector<std::pair<std::string, std::string>> PaymentGateway::webhooks() const {
    std::vector<std::pair<std::string, std::string>> out;
    auto registry = plugins_.current();
    for (const auto& p : registry->loaded())
        for (const auto& pay : p.payments)
            for (const auto& path : pay.webhook_paths) out.emplace_back(pay.id, path);
    return out;
}

}  // namespace gw::payment
