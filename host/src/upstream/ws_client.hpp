// The client end of an upstream WebSocket (OpenAI and Azure realtime). libcurl 7.88 as Debian
// builds it has no WebSocket support, so libcurl only connects (TCP, TLS, proxies: CONNECT_ONLY)
// and this class speaks the upgrade and RFC 6455 frames over that connection, on a thread of its
// own per socket: realtime sessions are few and long, and a blocking poll loop keeps each simple.
#pragma once

#include "http/ws_frame.hpp"

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace gw::upstream {

class WsClient : public std::enable_shared_from_this<WsClient> {
public:
    struct Target {
        std::string url;  // http(s):// or ws(s)://
        std::vector<std::pair<std::string, std::string>> headers;
        std::string proxy;
        long connect_timeout_ms = 15000;
    };
    struct Handlers {
        std::function<void()> on_open;
        std::function<void(http::WsMessage&&)> on_message;
        // The upgrade failed: the upstream's HTTP status and body, or 0 and why it could not connect.
        std::function<void(int status, std::string body)> on_refused;
        std::function<void(uint16_t code)> on_closed;  // after on_open, once
    };
    static constexpr size_t kMaxMessage = 16u << 20;

    static std::shared_ptr<WsClient> connect(Target target, Handlers handlers);
    ~WsClient();

    void send(http::WsOp op, std::string payload);
    void close(uint16_t code);

private:
    WsClient(Target target, Handlers handlers);
    void run();
    bool handshake(void* curl, std::string& leftover);
    void pump(void* curl, std::string leftover);
    bool send_all(void* curl, std::string_view bytes);
    void wake();

    Target target_;
    Handlers handlers_;
    int wake_fd_ = -1;
    int sock_ = -1;
    std::mutex mutex_;
    std::deque<std::string> outbox_;  // whole frames
    std::atomic<bool> stop_{false};
    uint16_t close_code_ = 1000;
};

}  // namespace gw::upstream
