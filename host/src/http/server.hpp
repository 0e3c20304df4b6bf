// The HTTP front: a Pistache endpoint with the measured traps handled (keep-alive, request size,
// long-stream timeouts), a request id on every answer, JSON errors, and graceful draining.
#pragma once

#include "common/thread_pool.hpp"
#include "http/reactor_guest.hpp"
#include "http/router.hpp"

#include <atomic>
#include <memory>
#include <string>

namespace gw::http {

struct ServerOptions {
    int port = 3000;
    int threads = 2;
    size_t max_body_bytes = 128u << 20;
    size_t max_head_bytes = 1u << 20;  // request line and headers (431 above)
    int head_timeout_seconds = 30;     // a request head must arrive whole within this
    int body_idle_seconds = 60;        // a request body that makes no progress this long is cut off
    int keepalive_seconds = 300;       // an idle client connection is closed after this
    ReactorGuest guest;                // event sources the reactor threads also serve
};

class Server {
public:
    Server(ServerOptions options, Router& router, ThreadPool& workers);
    ~Server();

    void start();  // returns once listening
    uint16_t port() const;
    // Refuses new requests (503) and waits up to `seconds` for in-flight ones.
    void drain(int seconds);
    // Stops listening and closes every connection.
    void stop();
    int64_t in_flight() const { return in_flight_->load(); }

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
    std::shared_ptr<std::atomic<int64_t>> in_flight_;
};

}  // namespace gw::http
