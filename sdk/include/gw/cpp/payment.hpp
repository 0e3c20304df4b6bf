// Base class for payment plugins: turn an order into a redirect or a form, and verify what the
// payment gateway sends back. The host owns orders, locking and crediting; a plugin only
// translates. Every thunk catches exceptions, so only status codes cross the C boundary.
#pragma once

#include <gw/abi/payment.h>
#include <gw/cpp/host.hpp>
#include <gw/cpp/provider.hpp>
#include <gw/cpp/sinks.hpp>
#include <gw/cpp/str.hpp>

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gw {

// The order as the host created it. The views stay valid during the hook.
struct PayOrder {
    std::string_view trade_no, currency, method, subject, notify_url, return_url, client_ip, user_ref;
    int64_t amount_minor = 0, quantity = 0;
    std::string_view cancel_url;  // 1.1; empty from a 1.0 host

    static PayOrder from(const gw_pay_order* raw) noexcept {
        gw_pay_order o = read_sized(raw);
        PayOrder p{to_view(o.trade_no),
                   to_view(o.currency),
                   to_view(o.method),
                   to_view(o.subject),
                   to_view(o.notify_url),
                   to_view(o.return_url),
                   to_view(o.client_ip),
                   to_view(o.user_ref),
                   o.amount_minor,
                   o.quantity,
                   {}};
#if GW_ABI_MINOR >= 1  // built against the 1.0 headers, a plugin has no cancel_url to read
        p.cancel_url = to_view(o.cancel_url);
#endif
        return p;
    }
};

// What the client should do to pay: follow a URL, post a form, or show a QR code.
class PayAction {
public:
    explicit PayAction(const gw_pay_action_sink* sink) noexcept : sink_(sink), err_(sink ? sink->error : nullptr) {}
    const PayAction& redirect(std::string_view url) const noexcept { return act(GW_PAY_REDIRECT, url); }
    const PayAction& form_post(std::string_view url) const noexcept { return act(GW_PAY_FORM_POST, url); }
    const PayAction& qr(std::string_view url) const noexcept { return act(GW_PAY_QR, url); }
    const PayAction& field(std::string_view name, std::string_view value) const noexcept {
        sink_->add_field(sink_->ctx, to_str(name), to_str(value));
        return *this;
    }
    const PayAction& provider_ref(std::string_view ref) const noexcept {
        sink_->set_provider_ref(sink_->ctx, to_str(ref));
        return *this;
    }
    const ErrorSink& error() const noexcept { return err_; }

private:
    const PayAction& act(gw_pay_action kind, std::string_view url) const noexcept {
        sink_->set_action(sink_->ctx, kind, to_str(url));
        return *this;
    }
    const gw_pay_action_sink* sink_;
    ErrorSink err_;
};

// A raw inbound notify or webhook, exactly as it arrived.
struct HttpView {
    std::string_view method, path, query, body;
    const gw_header* headers = nullptr;
    size_t n_headers = 0;

    static HttpView from(const gw_http_view* raw) noexcept {
        gw_http_view v = read_sized(raw);
        return {to_view(v.method), to_view(v.path), to_view(v.query), to_view(v.body), v.headers, v.n_headers};
    }
    std::string_view header(std::string_view name) const noexcept { return find_header(headers, n_headers, name); }
};

struct NotifyResult {
    gw_pay_state state = GW_PAY_IGNORED;
    std::string trade_no, provider_txn_id, currency, pay_method;
    int64_t paid_amount_minor = 0;
};

class NotifyOut {
public:
    explicit NotifyOut(const gw_notify_sink* sink) noexcept : sink_(sink), err_(sink ? sink->error : nullptr) {}
    void result(const NotifyResult& r) const noexcept {
        gw_notify_result c{sizeof(gw_notify_result), r.state,
                           to_str(r.trade_no),       to_str(r.provider_txn_id),
                           to_str(r.currency),       to_str(r.pay_method),
                           r.paid_amount_minor};
        sink_->set_result(sink_->ctx, &c);
    }
    // What the gateway is answered with (EPay wants "success" or "fail").
    void reply(int status, std::string_view content_type, std::string_view body) const noexcept {
        sink_->set_reply(sink_->ctx, status, to_str(content_type), to_str(body));
    }
    const ErrorSink& error() const noexcept { return err_; }

private:
    const gw_notify_sink* sink_;
    ErrorSink err_;
};

struct HttpCall {
    std::string method = "POST", url, body;
    std::vector<std::pair<std::string, std::string>> headers;
    uint32_t timeout_ms = 0;
};

struct HttpAnswer {
    int status = 0;  // 0: no response (see error)
    std::string body, error;
};

class Payment {
public:
    Payment();
    virtual ~Payment() = default;
    Payment(const Payment&) = delete;
    Payment& operator=(const Payment&) = delete;

    virtual gw_status create_order(const RequestInfo& info, const PayOrder& order, const PayAction& out) = 0;
    virtual gw_status verify_notify(const HttpView& request, const NotifyOut& out) = 0;

    const gw_payment* vtable() const noexcept { return &vtable_; }
    static Payment* self(const gw_payment* p) noexcept { return static_cast<Payment*>(p->plugin_data); }

protected:
    // One auxiliary HTTP call per create_order: the first time this starts it and answers nothing
    // (return GW_PENDING then); the host runs it and calls create_order again, when this answers.
    std::optional<HttpAnswer> fetch(const RequestInfo& info, const HttpCall& call);

private:
    struct Pending {
        Payment* owner;
        gw_req_handle* handle;
    };
    static void GW_ABI on_answer(void* user, const gw_http_response* raw) noexcept;

    gw_payment vtable_{};
    std::mutex mutex_;
    std::map<gw_req_handle*, HttpAnswer> answers_;
};

inline std::optional<HttpAnswer> Payment::fetch(const RequestInfo& info, const HttpCall& call) {
    {
        std::lock_guard lock(mutex_);
        if (auto it = answers_.find(info.handle); it != answers_.end()) {
            HttpAnswer a = std::move(it->second);
            answers_.erase(it);
            return a;
        }
    }
    const gw_host* h = Host::raw();
    if (!info.handle || !GW_HOST_HAS(h, http_fetch) || !h->http_fetch)
        return HttpAnswer{0, {}, "the host offers no HTTP calls here"};
    std::vector<gw_header> headers;
    for (const auto& [n, v] : call.headers) headers.push_back(gw_header{to_str(n), to_str(v)});
    gw_http_request req{sizeof(gw_http_request), to_str(call.method), to_str(call.url), headers.data(),
                        headers.size(),          to_str(call.body),   call.timeout_ms,  gw_str{nullptr, 0}};
    auto* pending = new Pending{this, info.handle};
    if (h->http_fetch(info.handle, &req, &Payment::on_answer, pending) != GW_OK) {
        delete pending;
        return HttpAnswer{0, {}, "the host refused the HTTP call"};
    }
    return std::nullopt;
}

inline void GW_ABI Payment::on_answer(void* user, const gw_http_response* raw) noexcept {
    auto* pending = static_cast<Pending*>(user);
    try {
        gw_http_response r = read_sized(raw);
        HttpAnswer a{r.status, std::string(to_view(r.body)), std::string(to_view(r.error))};
        std::lock_guard lock(pending->owner->mutex_);
        pending->owner->answers_[pending->handle] = std::move(a);
    } catch (...) {
    }
    const gw_host* h = Host::raw();
    if (GW_HOST_HAS(h, resume) && h->resume) h->resume(pending->handle);
    delete pending;
}

namespace detail {

inline void GW_ABI payment_destroy(const gw_payment* p) {
    delete Payment::self(p);
}

inline gw_status GW_ABI payment_create_order(const gw_payment* p, const gw_request_info* info,
                                             const gw_pay_order* order, const gw_pay_action_sink* out) {
    try {
        return Payment::self(p)->create_order(RequestInfo::from(info), PayOrder::from(order), PayAction(out));
    }
    GW_CATCH_(out ? out->error : nullptr)
}

inline gw_status GW_ABI payment_verify_notify(const gw_payment* p, const gw_http_view* request,
                                              const gw_notify_sink* out) {
    try {
        return Payment::self(p)->verify_notify(HttpView::from(request), NotifyOut(out));
    }
    GW_CATCH_(out ? out->error : nullptr)
}

}  // namespace detail

inline Payment::Payment() {
    vtable_.struct_size = sizeof(gw_payment);
    vtable_.plugin_data = this;
    vtable_.destroy = &detail::payment_destroy;
    vtable_.create_order = &detail::payment_create_order;
    vtable_.verify_notify = &detail::payment_verify_notify;
    vtable_.query_order = nullptr;
}

}  // namespace gw
