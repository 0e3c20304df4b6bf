#include "http/responder.hpp"

#include "http/responder_state.hpp"
#include "http/response_head.hpp"
#include "http/send_gate.hpp"

namespace gw::http {
namespace {

using namespace Pistache;

// Pistache 0.0.5 writes only typed headers into responses, so extra headers need a typed wrapper.
class ExtraHeader : public Http::Header::Header {
public:
    ExtraHeader(std::string name, std::string value) : name_(std::move(name)), value_(std::move(value)) {}
    const char* name() const override { return name_.c_str(); }
    void write(std::ostream& os) const override { os << value_; }
#ifdef SAFE_HEADER_CAST
    uint64_t hash() const override {
        return 0;
    }
#endif

private:
    std::string name_, value_;
};

// Pistache answers "Connection: close" to HTTP/1.1 requests that carry no Connection header;
// keep-alive is the HTTP/1.1 default, so say it explicitly.
void set_connection(ResponderState& st) {
    st.writer.headers().remove<Http::Header::Connection>();
    st.writer.headers().add<Http::Header::Connection>(st.keep_alive ? Http::ConnectionControl::KeepAlive
                                                                    : Http::ConnectionControl::Close);
}

// On the connection's reactor thread the answer is written directly (see SendGate), which skips
// Pistache's write queue and its wake-ups; elsewhere Pistache's writer queues it.
void send_direct(ResponderState& st, int status, std::string body, const std::string& content_type,
                 const HeaderList& headers) {
    st.status = status;
    HeaderList all = headers;
    all.emplace_back("Content-Type", content_type);
    std::string bytes = response_head(st, status, all, "Content-Length: " + std::to_string(body.size()));
    bytes += body;
    auto gate = std::make_shared<SendGate>(st.writer.getPeer(), st.reactor, SIZE_MAX);
    gate->push(std::move(bytes));
    gate->end_response(!st.keep_alive);
}

void send_locked(ResponderState& st, int status, std::string body, const std::string& content_type,
                 const HeaderList& headers) {
    if (std::this_thread::get_id() == st.reactor)
        return send_direct(st, status, std::move(body), content_type, headers);
    st.status = status;
    set_connection(st);
    st.writer.headers().add(std::make_shared<ExtraHeader>("X-Oneapi-Request-Id", st.request_id));
    for (const auto& [n, v] : headers) st.writer.headers().add(std::make_shared<ExtraHeader>(n, v));
    for (const auto& [n, v] : st.extra_headers) st.writer.headers().add(std::make_shared<ExtraHeader>(n, v));
    st.writer.send(static_cast<Http::Code>(status), body, Http::Mime::MediaType::fromString(content_type));
}

}  // namespace

ResponderState::~ResponderState() {
    if (!sent.exchange(true)) {
        try {
            send_locked(*this, 500, R"({"success":false,"message":"internal error: the request was not answered"})",
                        "application/json", {});
        } catch (...) {
        }
    }
    answered();
}

void ResponderState::answered() {
    if (!answered_.exchange(true) && on_done) on_done(status);
}

void Responder::send(int status, std::string body, const std::string& content_type, const HeaderList& headers) const {
    std::lock_guard lock(state_->mutex);
    if (state_->sent.exchange(true)) return;
    if (std::this_thread::get_id() != state_->reactor && state_->post_to_reactor) {
        // `on_done` (which may start the connection's next request) runs on the reactor after
        // these bytes are queued there.
        return state_->post_to_reactor([st = state_, status, body = std::move(body), content_type, headers]() mutable {
            std::lock_guard relock(st->mutex);
            send_direct(*st, status, std::move(body), content_type, headers);
            st->answered();
        });
    }
    send_locked(*state_, status, std::move(body), content_type, headers);
    state_->answered();
}

bool Responder::sent() const {
    return state_->sent.load();
}

bool Responder::connected() const {
    return state_->writer.getPeer() != nullptr;
}

const std::string& Responder::request_id() const {
    return state_->request_id;
}

}  // namespace gw::http
