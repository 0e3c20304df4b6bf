#include "http/ws_frame.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cstring>

namespace gw::http {

namespace {

std::string base64(const unsigned char* data, size_t n) {
    std::string out(4 * ((n + 2) / 3), '\0');
    int len = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(n));
    out.resize(static_cast<size_t>(len));
    return out;
}

bool is_control(WsOp op) {
    return static_cast<uint8_t>(op) >= 8;
}

bool known(uint8_t op) {
    return op <= 2 || (op >= 8 && op <= 10);
}

}  // namespace

std::string ws_frame(WsOp op, std::string_view payload, bool masked) {
    std::string out;
    out.reserve(payload.size() + 14);
    out.push_back(static_cast<char>(0x80 | static_cast<uint8_t>(op)));
    uint8_t mask_bit = masked ? 0x80 : 0;
    size_t n = payload.size();
    if (n < 126) {
        out.push_back(static_cast<char>(mask_bit | n));
    } else if (n <= 0xFFFF) {
        out.push_back(static_cast<char>(mask_bit | 126));
        out.push_back(static_cast<char>(n >> 8));
        out.push_back(static_cast<char>(n & 0xFF));
    } else {
        out.push_back(static_cast<char>(mask_bit | 127));
        for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((n >> shift) & 0xFF));
    }
    if (!masked) return out.append(payload);
    unsigned char key[4];
    RAND_bytes(key, sizeof key);
    out.append(reinterpret_cast<const char*>(key), 4);
    size_t at = out.size();
    out.append(payload);
    for (size_t i = 0; i < n; ++i) out[at + i] = static_cast<char>(out[at + i] ^ key[i % 4]);
    return out;
}

std::string ws_close_payload(uint16_t code, std::string_view reason) {
    std::string out{static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
    return out.append(reason.substr(0, 123));
}

uint16_t ws_close_code(std::string_view payload) {
    if (payload.size() < 2) return 1005;
    return static_cast<uint16_t>(static_cast<unsigned char>(payload[0]) << 8 | static_cast<unsigned char>(payload[1]));
}

std::string ws_accept_key(std::string_view key) {
    std::string text = std::string(key) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
    return base64(digest, sizeof digest);
}

std::string ws_new_key() {
    unsigned char raw[16];
    RAND_bytes(raw, sizeof raw);
    return base64(raw, sizeof raw);
}

bool WsReader::fail(uint16_t code, std::string why) {
    close_code_ = code;
    error_ = std::move(why);
    return false;
}

bool WsReader::feed(std::string_view bytes, std::vector<WsMessage>& out) {
    if (!error_.empty()) return false;
    buffer_.append(bytes);
    for (;;) {
        auto step = next_frame(out);
        if (!step) break;
        if (!*step) return false;
    }
    buffer_.erase(0, consumed_);
    consumed_ = 0;
    return true;
}

std::optional<bool> WsReader::next_frame(std::vector<WsMessage>& out) {
    std::string_view b = std::string_view(buffer_).substr(consumed_);
    if (b.size() < 2) return std::nullopt;
    auto byte = [&](size_t i) { return static_cast<unsigned char>(b[i]); };
    bool fin = byte(0) & 0x80;
    uint8_t opcode = byte(0) & 0x0F;
    bool masked = byte(1) & 0x80;
    uint64_t len = byte(1) & 0x7F;
    size_t at = 2;
    if (byte(0) & 0x70) return fail(1002, "reserved bits set");
    if (!known(opcode)) return fail(1002, "unknown opcode");
    if (require_mask_ && !masked) return fail(1002, "client frames must be masked");
    if (len == 126) {
        if (b.size() < 4) return std::nullopt;
        len = static_cast<uint64_t>(byte(2)) << 8 | byte(3);
        at = 4;
    } else if (len == 127) {
        if (b.size() < 10) return std::nullopt;
        len = 0;
        for (size_t i = 2; i < 10; ++i) len = len << 8 | byte(i);
        at = 10;
    }
    WsOp op = static_cast<WsOp>(opcode);
    if (is_control(op) && (len > 125 || !fin)) return fail(1002, "bad control frame");
    if (len > max_message_ || partial_.size() + len > max_message_) return fail(1009, "message too big");
    size_t mask_at = at;
    if (masked) at += 4;
    if (b.size() < at + len) return std::nullopt;
    std::string payload(b.substr(at, static_cast<size_t>(len)));
    if (masked)
        for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(payload[i] ^ b[mask_at + i % 4]);
    consumed_ += at + static_cast<size_t>(len);
    if (is_control(op)) {
        out.push_back({op, std::move(payload)});
        return true;
    }
    if (op == WsOp::continuation) {
        if (!partial_op_) return fail(1002, "continuation without a message");
    } else {
        if (partial_op_) return fail(1002, "new message inside a fragmented one");
        partial_op_ = op;
    }
    partial_ += payload;
    if (!fin) return true;
    out.push_back({*partial_op_, std::move(partial_)});
    partial_.clear();
    partial_op_.reset();
    return true;
}

}  // namespace gw::http
