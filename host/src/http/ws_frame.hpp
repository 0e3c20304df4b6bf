// RFC 6455 framing, for both ends the gateway plays: the server side of a client's WebSocket
// (frames arrive masked) and the client side of an upstream one (frames leave masked). Messages
// are reassembled from fragments up to a size bound; control frames are answered by the caller.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gw::http {

enum class WsOp : uint8_t { continuation = 0, text = 1, binary = 2, close = 8, ping = 9, pong = 10 };

struct WsMessage {
    WsOp op = WsOp::text;
    std::string payload;
};

// One whole frame; `masked` for frames a client sends.
std::string ws_frame(WsOp op, std::string_view payload, bool masked);
// A close frame's payload: the status code and a reason.
std::string ws_close_payload(uint16_t code, std::string_view reason);
// The close code in a close frame's payload (1005 when it has none).
uint16_t ws_close_code(std::string_view payload);

// Sec-WebSocket-Accept for a Sec-WebSocket-Key.
std::string ws_accept_key(std::string_view key);
// A fresh Sec-WebSocket-Key.
std::string ws_new_key();

class WsReader {
public:
    // require_mask: the server side, where RFC 6455 refuses unmasked client frames.
    WsReader(bool require_mask, size_t max_message) : require_mask_(require_mask), max_message_(max_message) {}

    // Adds bytes; whole messages (data or control) are appended to `out`. False on a protocol
    // violation (then error() says which and close_code() what to send).
    bool feed(std::string_view bytes, std::vector<WsMessage>& out);
    const std::string& error() const { return error_; }
    uint16_t close_code() const { return close_code_; }

private:
    bool fail(uint16_t code, std::string why);
    // One frame from the front of the buffer; nullopt when incomplete.
    std::optional<bool> next_frame(std::vector<WsMessage>& out);

    bool require_mask_;
    size_t max_message_;
    std::string buffer_;
    size_t consumed_ = 0;
    std::optional<WsOp> partial_op_;  // a fragmented message in progress
    std::string partial_;
    std::string error_;
    uint16_t close_code_ = 1000;
};

}  // namespace gw::http
