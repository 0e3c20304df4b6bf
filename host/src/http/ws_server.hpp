// The server end of a client's WebSocket: an HTTP request upgraded (101) on its own connection,
// which then carries frames instead of requests. Messages are delivered on the connection's
// reactor thread; sending and closing work from any thread, with the connection's flow control.
#pragma once

#include "http/request.hpp"
#include "http/responder.hpp"
#include "http/ws_frame.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <string>

namespace gw::http {

class SendGate;

// Whether a request asks for a WebSocket (GET with Upgrade: websocket and a key, version 13).
bool is_websocket_upgrade(const HttpRequest& req);

class WsServer : public std::enable_shared_from_this<WsServer> {
public:
    struct Handlers {
        std::function<void(WsMessage&&)> on_message;   // text or binary
        std::function<void(uint16_t code)> on_closed;  // once: a close frame, or the client gone (1006)
    };
    static constexpr size_t kMaxMessage = 16u << 20;

    // Answers 101 (with `protocol` as Sec-WebSocket-Protocol when not empty) and takes the
    // connection over. The request must pass is_websocket_upgrade.
    static std::shared_ptr<WsServer> accept(const HttpRequest& req, const Responder& res, const std::string& protocol,
                                            Handlers handlers);

    bool send(WsOp op, std::string_view payload);
    // Sends a close frame and ends the connection once it is written.
    void close(uint16_t code, std::string_view reason);
    bool alive() const;

private:
    WsServer(const Responder& res, Handlers handlers);
    void on_bytes(std::string_view bytes);
    void closed(uint16_t code);

    std::shared_ptr<ResponderState> state_;
    std::shared_ptr<SendGate> gate_;
    Handlers handlers_;
    WsReader reader_{true, kMaxMessage};
    std::atomic<bool> closing_{false};
    std::atomic<bool> closed_{false};
};

}  // namespace gw::http
