#include "http/connection_handler.hpp"

#include "common/strings.hpp"
#include "http/reactor_transport.hpp"

#include <pistache/peer.h>

#include <sys/socket.h>

namespace gw::http {

using namespace Pistache;

namespace {

// Bytes a client may send ahead while its previous request is answered (pipelining).
constexpr size_t kMaxAhead = 1u << 20;

const char* refusal_code(int status) {
    switch (status) {
        case 413:
            return "read_request_body_failed";
        case 431:
            return "request_header_too_large";
        default:
            return "invalid_request";
    }
}

}  // namespace

void ConnectionHandler::onConnection(const PeerPtr& peer) {
    ReaderLimits limits{core_->options.max_head_bytes, core_->options.max_body_bytes};
    attach_connection(peer, std::make_shared<Connection>(limits));
}

void ConnectionHandler::onInput(const char* buffer, size_t len, const PeerPtr& peer) {
    auto conn = connection_of(peer);
    if (conn && conn->tunnel) return conn->tunnel(std::string_view(buffer, len));
    if (!conn || conn->closing_since_ms) return;  // what a refused client still sends is dropped
    int64_t now = Connection::now_ms();
    if (conn->reader.empty()) conn->head_started_ms = now;
    conn->reader.feed(buffer, len);
    conn->progress_ms = now;
    pump(peer, conn);
}

void ConnectionHandler::onDisconnection(const PeerPtr& peer) {
    auto conn = connection_of(peer);
    if (!conn || !conn->tunnel_gone) return;
    auto gone = std::exchange(conn->tunnel_gone, nullptr);
    conn->tunnel = nullptr;
    gone();
}

// Frames and starts requests while the connection is free; the answer's completion resumes it.
void ConnectionHandler::pump(const PeerPtr& peer, const ConnPtr& conn) {
    while (!conn->closing_since_ms) {
        if (conn->busy) {
            conn->pending = true;
            if (conn->busy) {
                if (conn->reader.buffered() > kMaxAhead) conn->closing_since_ms = Connection::now_ms();
                return;
            }
        }
        switch (conn->reader.next()) {
            case RequestReader::Step::need_more:
                return;
            case RequestReader::Step::refused: {
                const Refusal& r = conn->reader.refusal();
                return refuse(peer, conn, r.status, refusal_body(r.message, refusal_code(r.status)));
            }
            case RequestReader::Step::head:
                if (!accept_head(peer, conn)) return;
                break;
            case RequestReader::Step::request:
                start(peer, conn);
                break;
        }
    }
}

// A body is read only for a route that takes it, and whose guard (the relay's key check) lets it
// through; a client waiting for "100 Continue" then gets it.
bool ConnectionHandler::accept_head(const PeerPtr& peer, const ConnPtr& conn) {
    HttpRequest& head = conn->reader.current();
    head.remote_ip = peer->address().host();
    if (!conn->reader.expects_body()) return true;
    head.request_id = new_request_id();  // the id of the answer, early or not
    if (auto r = core_->judge_head(head, conn->route)) {
        refuse(peer, conn, r->status, r->body, head.request_id);
        return false;
    }
    if (iequals(head.header("expect"), "100-continue")) {
        static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        [[maybe_unused]] auto n = ::send(peer->fd(), kContinue.data(), kContinue.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    }
    return true;
}

void ConnectionHandler::start(const PeerPtr& peer, const ConnPtr& conn) {
    bool http11 = conn->reader.http11();
    HttpRequest request = conn->reader.take();
    int64_t now = Connection::now_ms();
    if (!conn->reader.empty()) conn->head_started_ms = now;
    conn->busy = true;
    conn->served = true;
    peer->setIdle(false);
    auto post = static_cast<ReactorTransport*>(this->transport())->poster();
    std::weak_ptr<Tcp::Peer> weak = peer;
    auto done = [this, post, weak, conn] {
        conn->progress_ms = Connection::now_ms();
        conn->busy = false;
        if (conn->pending.exchange(false))
            post([this, weak, conn] {
                if (auto p = weak.lock()) pump(p, conn);
            });
    };
    if (!core_->on_request(std::move(request), http11, writer(peer, http11), std::move(done), post,
                           std::exchange(conn->route, std::nullopt)))
        conn->closing_since_ms = now;
}

void ConnectionHandler::refuse(const PeerPtr& peer, const ConnPtr& conn, int status, const std::string& body,
                               std::string request_id) {
    conn->closing_since_ms = Connection::now_ms();
    Core::refuse(writer(peer, conn->reader.http11()), status, body, std::move(request_id));
}

Http::ResponseWriter ConnectionHandler::writer(const PeerPtr& peer, bool http11) {
    return Http::ResponseWriter(http11 ? Http::Version::Http11 : Http::Version::Http10, transport(), this, peer);
}

}  // namespace gw::http
