// The HTTP front: our acceptor and Pistache reactor threads running our transport, requests framed
// by ConnectionHandler, a request id on every answer, JSON errors, and graceful draining.
#pragma once

#include "common/thread_pool.hpp"
#include "http/router.hpp"
#include "http/server_options.hpp"

#include <atomic>
#include <memory>
#include <string>

namespace gw::http {

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
