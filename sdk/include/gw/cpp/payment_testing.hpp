// The fake host's side of payment plugins, for their unit tests and the conformance kit: crypto
// backed by OpenSSL (link OpenSSL::Crypto), and a harness that creates an order (answering the
// plugin's HTTP calls from the test) and verifies notifies, recording everything reported.
#pragma once

#include <gw/abi/payment.h>
#include <gw/cpp/testing.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace gw::testing {

inline const EVP_MD* md_of(gw_digest_alg alg) {
    switch (alg) {
        case GW_DIGEST_MD5:
            return EVP_md5();
        case GW_DIGEST_SHA1:
            return EVP_sha1();
        case GW_DIGEST_SHA256:
            return EVP_sha256();
        case GW_DIGEST_SHA512:
            return EVP_sha512();
    }
    return nullptr;
}

// Gives the fake host digest, HMAC and random bytes.
inline void give_crypto(FakeHost& host) {
    gw_host& t = host.slots();
    t.random_bytes = [](void* out, size_t len) -> gw_status {
        return RAND_bytes(static_cast<unsigned char*>(out), static_cast<int>(len)) == 1 ? GW_OK : GW_ERR_INTERNAL;
    };
    t.digest = [](gw_digest_alg alg, gw_str data, const gw_buffer_sink* out) -> gw_status {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int n = 0;
        if (!md_of(alg) || EVP_Digest(data.ptr, data.len, md, &n, md_of(alg), nullptr) != 1) return GW_ERR_BAD_ARGUMENT;
        out->append(out->ctx, gw_str{reinterpret_cast<const char*>(md), n});
        return GW_OK;
    };
    t.hmac = [](gw_digest_alg alg, gw_str key, gw_str data, const gw_buffer_sink* out) -> gw_status {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int n = 0;
        if (!md_of(alg) || !HMAC(md_of(alg), key.ptr, static_cast<int>(key.len),
                                 reinterpret_cast<const unsigned char*>(data.ptr), data.len, md, &n))
            return GW_ERR_BAD_ARGUMENT;
        out->append(out->ctx, gw_str{reinterpret_cast<const char*>(md), n});
        return GW_OK;
    };
}

struct OrderSpec {
    std::string trade_no = "USR1NOabc1231700000000", currency = "CNY", method = "alipay", subject = "TUC10",
                notify_url = "https://gw.example.com/api/user/epay/notify",
                return_url = "https://gw.example.com/console/log", client_ip = "203.0.113.7", user_ref,
                cancel_url = "https://gw.example.com/console/topup";
    int64_t amount_minor = 1000, quantity = 10;
};

struct OrderReport {
    gw_status status = GW_OK;
    gw_pay_action action = 0;
    std::string url, provider_ref;
    std::vector<std::pair<std::string, std::string>> fields;
    struct Request {
        std::string method, url, body;
        std::map<std::string, std::string> headers;
    };
    std::vector<Request> requests;  // the auxiliary HTTP calls the plugin made, in order
    ErrorRecord error;
    std::string field(const std::string& name) const {
        for (const auto& [n, v] : fields)
            if (n == name) return v;
        return {};
    }
};

struct NotifyReport {
    gw_status status = GW_OK;
    bool has_result = false;
    gw_pay_state state = 0;
    std::string trade_no, provider_txn_id, currency, pay_method;
    int64_t paid_amount_minor = 0;
    int reply_status = 0;
    std::string reply_type, reply_body;
    ErrorRecord error;
};

struct Answer {
    int status = 200;
    std::string body;
};

// Drives one payment instance the way the host does. `answer` plays the remote API for the
// plugin's auxiliary HTTP calls (the host runs them between the GW_PENDING and the next call).
class PaymentCall {
public:
    PaymentCall(FakeHost& host, const gw_payment* payment) : host_(host), p_(payment) {}

    OrderReport create(const OrderSpec& o, const std::function<Answer(const OrderReport::Request&)>& answer = {}) {
        OrderReport r;
        gw_pay_order order{sizeof(gw_pay_order), to_str(o.trade_no), o.amount_minor,       to_str(o.currency),
                           to_str(o.method),     to_str(o.subject),  to_str(o.notify_url), to_str(o.return_url),
                           to_str(o.client_ip),  to_str(o.user_ref), o.quantity,           to_str(o.cancel_url)};
        Handle h{&r, {}, nullptr, false};
        gw_request_info info{};
        info.struct_size = sizeof(gw_request_info);
        info.handle = reinterpret_cast<gw_req_handle*>(&h);
        install_http();
        for (int round = 0; round < 4; ++round) {
            gw_error_sink err{sizeof(gw_error_sink), &r.error, &record_error};
            gw_pay_action_sink sink{
                sizeof(gw_pay_action_sink),
                &r,
                [](void* c, gw_pay_action kind, gw_str url) {
                    static_cast<OrderReport*>(c)->action = kind;
                    static_cast<OrderReport*>(c)->url = to_string(url);
                },
                [](void* c, gw_str n, gw_str v) {
                    static_cast<OrderReport*>(c)->fields.push_back({to_string(n), to_string(v)});
                },
                [](void* c, gw_str ref) { static_cast<OrderReport*>(c)->provider_ref = to_string(ref); },
                &err};
            r.status = p_->create_order(p_, &info, &order, &sink);
            if (r.status != GW_PENDING || !h.done) return r;
            Answer a = answer ? answer(r.requests.back()) : Answer{599, ""};
            gw_http_response resp{sizeof(gw_http_response), a.status, nullptr, 0, to_str(a.body), to_str("")};
            Handle::Waiting w = h.waiting;
            h.done = nullptr;
            w.done(w.user, &resp);
            if (!h.resumed) return r;
            h.resumed = false;
        }
        return r;
    }

    NotifyReport notify(const std::string& method, const std::string& path, const std::string& query,
                        const std::string& body, const std::vector<std::pair<std::string, std::string>>& headers = {}) {
        NotifyReport r;
        std::vector<gw_header> hs;
        for (const auto& [n, v] : headers) hs.push_back(gw_header{to_str(n), to_str(v)});
        gw_http_view view{sizeof(gw_http_view), to_str(method), to_str(path), to_str(query), hs.data(), hs.size(),
                          to_str(body)};
        gw_error_sink err{sizeof(gw_error_sink), &r.error, &record_error};
        gw_notify_sink sink{sizeof(gw_notify_sink), &r,
                            [](void* c, const gw_notify_result* raw) {
                                gw_notify_result n = read_sized(raw);
                                auto* rep = static_cast<NotifyReport*>(c);
                                rep->has_result = true;
                                rep->state = n.state;
                                rep->trade_no = to_string(n.trade_no);
                                rep->provider_txn_id = to_string(n.provider_txn_id);
                                rep->currency = to_string(n.currency);
                                rep->pay_method = to_string(n.pay_method);
                                rep->paid_amount_minor = n.paid_amount_minor;
                            },
                            [](void* c, int32_t status, gw_str type, gw_str b) {
                                auto* rep = static_cast<NotifyReport*>(c);
                                rep->reply_status = status;
                                rep->reply_type = to_string(type);
                                rep->reply_body = to_string(b);
                            },
                            &err};
        r.status = p_->verify_notify(p_, &view, &sink);
        return r;
    }

private:
    struct Handle {
        OrderReport* report;
        struct Waiting {
            gw_http_done_fn done = nullptr;
            void* user = nullptr;
        } waiting;
        gw_http_done_fn done = nullptr;
        bool resumed = false;
    };

    // The fake host's http_fetch records the call; resume marks the handle.
    void install_http() {
        gw_host& t = host_.slots();
        t.http_fetch = [](gw_req_handle* handle, const gw_http_request* req, gw_http_done_fn done, void* user) {
            auto* h = reinterpret_cast<Handle*>(handle);
            gw_http_request q = read_sized(req);
            OrderReport::Request rec{to_string(q.method), to_string(q.url), to_string(q.body), {}};
            for (size_t i = 0; i < q.n_headers; ++i)
                rec.headers[to_string(q.headers[i].name)] = to_string(q.headers[i].value);
            h->report->requests.push_back(std::move(rec));
            h->waiting = {done, user};
            h->done = done;
            return static_cast<gw_status>(GW_OK);
        };
        t.resume = [](gw_req_handle* handle) { reinterpret_cast<Handle*>(handle)->resumed = true; };
    }

    FakeHost& host_;
    const gw_payment* p_;
};

struct PaymentDeleter {
    void operator()(const gw_payment* p) const { p->destroy(p); }
};
using PaymentPtr = std::unique_ptr<const gw_payment, PaymentDeleter>;

// A payment instance of a loaded plugin, configured from `config` (JSON).
inline PaymentPtr create_payment(const LoadedPlugin& plugin, const std::string& id, const std::string& config) {
    auto* f = static_cast<const gw_payment_factory*>(plugin.entry().get_factory(GW_FACTORY_PAYMENT));
    if (!f) throw std::runtime_error("no payment factory");
    ErrorRecord err;
    gw_error_sink sink{sizeof(gw_error_sink), &err, &record_error};
    const gw_payment* p = f->create(f, id.c_str(), to_str(config), &sink);
    if (!p) throw std::runtime_error("create failed: " + err.message);
    return PaymentPtr(p);
}

}  // namespace gw::testing
