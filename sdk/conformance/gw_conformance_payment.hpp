// The conformance runner's payment part (included by gw_conformance.cpp). A payment fixture:
//   {"name": "...", "payment": "<descriptor id>", "settings": {...},
//    "order": {"trade_no", "amount_minor", "quantity", "method", "return_url", ...},
//    "answer": {"status": 200, "body": {...}}            (the remote API, when the plugin calls one)
//   or
//    "notify": {"method": "GET"|"POST", "query": "...", "body": "...", "headers": {...}},
//    "expect": {"ok": true, "state": "paid"|"pending"|"failed"|"expired"|"ignored"}}
// Checks: the descriptor (id, name, version, methods, webhook paths that are absolute paths,
// settings schema); an order gives an action with an http(s) URL (a refused one sets the error
// sink); a notify that should pass reports a result in the expected state and a reply; one that
// should not reports no result and answers the gateway or sets the error sink.
#pragma once

#include <gw/cpp/payment_testing.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace conformance {

using nlohmann::json;

void check(bool ok, const std::string& what);

inline std::string text_of(const char* s) {
    return s ? s : "";
}

inline bool starts(const std::string& s, const char* prefix) {  // C++17: no starts_with
    return s.rfind(prefix, 0) == 0;
}

inline bool http_url(const std::string& url) {
    return starts(url, "http://") || starts(url, "https://");
}

inline void check_payment_descriptor(const gw_payment_descriptor* d) {
    std::string id = text_of(d->id);
    check(!id.empty() && !text_of(d->name).empty() && !text_of(d->version).empty(),
          "payment " + id + ": id, name, version");
    check(d->methods && d->methods[0], id + ": declares payment methods");
    for (auto p = d->webhook_paths; p && *p; ++p) check(starts(*p, "/"), id + ": webhook path " + *p);
    json schema =
        json::parse(text_of(d->config_schema_json).empty() ? "{}" : text_of(d->config_schema_json), nullptr, false);
    check(schema.is_object(), id + ": settings schema is a JSON object");
}

inline const std::map<std::string, gw_pay_state>& states() {
    static const std::map<std::string, gw_pay_state> m = {{"paid", GW_PAY_PAID},
                                                          {"pending", GW_PAY_PENDING},
                                                          {"failed", GW_PAY_FAILED},
                                                          {"expired", GW_PAY_EXPIRED},
                                                          {"ignored", GW_PAY_IGNORED}};
    return m;
}

inline gw::testing::OrderSpec order_of(const json& o) {
    gw::testing::OrderSpec s;
    s.trade_no = o.value("trade_no", s.trade_no);
    s.amount_minor = o.value("amount_minor", s.amount_minor);
    s.quantity = o.value("quantity", s.quantity);
    s.method = o.value("method", s.method);
    s.currency = o.value("currency", s.currency);
    s.subject = o.value("subject", s.subject);
    s.return_url = o.value("return_url", s.return_url);
    s.cancel_url = o.value("cancel_url", s.cancel_url);
    s.notify_url = o.value("notify_url", s.notify_url);
    s.user_ref = o.value("user_ref", s.user_ref);
    return s;
}

inline void check_order(gw::testing::PaymentCall& call, const std::string& name, const json& f, bool ok) {
    json answer = f.value("answer", json::object());
    std::string body = answer.contains("body")
                           ? (answer["body"].is_string() ? answer["body"].get<std::string>() : answer["body"].dump())
                           : "";
    int status = answer.value("status", 200);
    auto r = call.create(order_of(f["order"]), [&](const gw::testing::OrderReport::Request& q) {
        check(http_url(q.url), name + ": the HTTP call has an http(s) URL");
        return gw::testing::Answer{status, body};
    });
    if (ok) {
        check(r.status == GW_OK, name + ": create_order succeeds (" + r.error.message + ")");
        check(r.action >= GW_PAY_REDIRECT && r.action <= GW_PAY_QR, name + ": a redirect, form post or QR action");
        check(http_url(r.url), name + ": the action has an http(s) URL");
    } else {
        check(r.status != GW_OK && r.status != GW_PENDING, name + ": a refused order is not GW_OK");
        check(r.error.set, name + ": a refused order sets the error sink");
    }
}

inline void check_notify(gw::testing::PaymentCall& call, const std::string& name, const json& f, bool ok) {
    const json& n = f["notify"];
    std::vector<std::pair<std::string, std::string>> headers;
    const json given = n.value("headers", json::object());  // a local: items() must not outlive it
    for (const auto& [k, v] : given.items()) headers.push_back({k, v.get<std::string>()});
    auto r = call.notify(n.value("method", "POST"), n.value("path", "/"), n.value("query", ""), n.value("body", ""),
                         headers);
    if (ok) {
        check(r.status == GW_OK && r.has_result, name + ": the notify verifies and reports a result");
        auto want = states().find(f.value("expect", json::object()).value("state", "paid"));
        check(want != states().end() && r.state == want->second, name + ": the expected state");
        check(!r.trade_no.empty(), name + ": the order's trade number");
        check(r.reply_status >= 200 && r.reply_status < 300, name + ": a 2xx reply for the gateway");
    } else {
        check(r.status != GW_OK && !r.has_result, name + ": a refused notify reports nothing");
        check(r.error.set || r.reply_status != 0, name + ": and answers the gateway or sets the error sink");
    }
}

// One payment fixture on a fresh instance of the plugin's payment.
inline void check_payment_fixture(gw::testing::FakeHost& host, const gw::testing::LoadedPlugin& plugin, const json& f,
                                  const std::string& name) {
    bool ok = f.value("expect", json::object()).value("ok", true);
    try {
        auto pay = gw::testing::create_payment(plugin, f.at("payment").get<std::string>(),
                                               f.value("settings", json::object()).dump());
        gw::testing::PaymentCall call(host, pay.get());
        if (f.contains("order")) check_order(call, name, f, ok);
        if (f.contains("notify")) check_notify(call, name, f, ok);
    } catch (const std::exception& e) {
        check(false, name + ": " + e.what());
    }
}

}  // namespace conformance
