// One client connection's request state, kept on its Pistache peer: the request reader, and
// whether a request is being answered (the next pipelined one waits for it, in order).
#pragma once

#include "http/request_reader.hpp"
#include "http/router.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string_view>

namespace Pistache::Tcp {
class Peer;
}

namespace gw::http {

struct Connection {
    explicit Connection(ReaderLimits limits) : reader(limits) {}

    using Clock = std::chrono::steady_clock;
    static int64_t now_ms() {
        return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch()).count();
    }

    RequestReader reader;                        // reactor thread only
    std::atomic<bool> busy{false};               // a request is being answered
    std::atomic<bool> pending{false};            // bytes arrived while busy: resume once it is answered
    int64_t closing_since_ms = 0;                // refused or over its limits: closed once it is answered
    int64_t head_started_ms = 0;                 // the current request's first byte
    std::optional<Router::Match> route;          // matched at the head of a request with a body
    bool served = false;                         // a request was answered here: idle now means keep-alive
    std::atomic<int64_t> progress_ms{now_ms()};  // last bytes in, or the last answer finished
    // An upgraded connection (WebSocket): its bytes go here instead of the request reader, and
    // tunnel_gone runs when the client disconnects. Reactor thread only.
    std::function<void(std::string_view)> tunnel;
    std::function<void()> tunnel_gone;
};

std::shared_ptr<Connection> connection_of(const std::shared_ptr<Pistache::Tcp::Peer>& peer);
void attach_connection(const std::shared_ptr<Pistache::Tcp::Peer>& peer, std::shared_ptr<Connection> conn);

}  // namespace gw::http
