#include "http/ws_server.hpp"

#include "common/strings.hpp"
#include "http/connection.hpp"
#include "http/responder_state.hpp"
#include "http/send_gate.hpp"

#include <pistache/peer.h>

#include <thread>

namespace gw::http {

bool is_websocket_upgrade(const HttpRequest& req) {
    return req.method == "GET" && iequals(trim(req.header("upgrade")), "websocket") &&
           to_lower(req.header("connection")).find("upgrade") != std::string::npos &&
           !req.header("sec-websocket-key").empty() && trim(req.header("sec-websocket-version")) == "13";
}

WsServer::WsServer(const Responder& res, Handlers handlers)
    : state_(res.state()),
      gate_(std::make_shared<SendGate>(state_->writer.getPeer(), state_->reactor, kMaxMessage)),
      handlers_(std::move(handlers)) {}

std::shared_ptr<WsServer> WsServer::accept(const HttpRequest& req, const Responder& res, const std::string& protocol,
                                           Handlers handlers) {
    std::shared_ptr<WsServer> ws(new WsServer(res, std::move(handlers)));
    ws->state_->sent = true;  // the connection is this socket's now
    ws->state_->status = 101;
    std::string head = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
    head += "Sec-WebSocket-Accept: " + ws_accept_key(trim(req.header("sec-websocket-key"))) + "\r\n";
    if (!protocol.empty()) head += "Sec-WebSocket-Protocol: " + protocol + "\r\n";
    ws->gate_->push(head + "\r\n");
    auto peer = ws->state_->writer.getPeer();
    if (auto conn = peer ? connection_of(peer) : nullptr) {
        std::weak_ptr<WsServer> weak = ws;
        conn->tunnel = [weak](std::string_view bytes) {
            if (auto w = weak.lock()) w->on_bytes(bytes);
        };
        conn->tunnel_gone = [weak] {
            if (auto w = weak.lock()) w->closed(1006);
        };
    }
    return ws;
}

bool WsServer::alive() const {
    return !closed_ && gate_->alive();
}

bool WsServer::send(WsOp op, std::string_view payload) {
    if (closing_ || closed_) return false;
    // Frames from other threads go through the reactor too, so they keep their order with the
    // close that may follow them.
    if (std::this_thread::get_id() != state_->reactor && state_->post_to_reactor) {
        state_->post_to_reactor([self = shared_from_this(), frame = ws_frame(op, payload, false)]() mutable {
            if (!self->closing_) self->gate_->push(std::move(frame));
        });
        return gate_->alive();
    }
    return gate_->push(ws_frame(op, payload, false));
}

void WsServer::close(uint16_t code, std::string_view reason) {
    // Ending the response is the reactor's to do; other threads (the upstream's) hand it over.
    if (std::this_thread::get_id() != state_->reactor && state_->post_to_reactor) {
        auto self = shared_from_this();
        state_->post_to_reactor([self, code, why = std::string(reason)] { self->close(code, why); });
        return;
    }
    if (closing_.exchange(true)) return;
    gate_->push(ws_frame(WsOp::close, ws_close_payload(code, reason), false));
    gate_->end_response(true);
    state_->answered();
    closed(code);
}

void WsServer::on_bytes(std::string_view bytes) {
    std::vector<WsMessage> messages;
    bool ok = reader_.feed(bytes, messages);
    for (auto& m : messages) {
        if (m.op == WsOp::ping) {
            gate_->push(ws_frame(WsOp::pong, m.payload, false));
        } else if (m.op == WsOp::close) {
            return close(ws_close_code(m.payload) == 1005 ? 1000 : ws_close_code(m.payload), "");
        } else if (m.op != WsOp::pong && handlers_.on_message) {
            handlers_.on_message(std::move(m));
        }
    }
    if (!ok) close(reader_.close_code(), reader_.error());
}

void WsServer::closed(uint16_t code) {
    if (closed_.exchange(true)) return;
    if (!closing_.exchange(true)) {
        gate_->shut();
        state_->answered();
    }
    if (handlers_.on_closed) handlers_.on_closed(code);
}

}  // namespace gw::http
