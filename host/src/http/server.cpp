#include "http/server.hpp"

#include "common/log.hpp"
#include "http/acceptor.hpp"
#include "http/connection_handler.hpp"
#include "http/reactor_transport.hpp"

#include <chrono>
#include <thread>

namespace gw::http {

using namespace Pistache;

class Server::Impl {
public:
    std::shared_ptr<Core> core;
    std::unique_ptr<Acceptor> acceptor;
};

Server::Server(ServerOptions options, Router& router, ThreadPool& workers)
    : impl_(std::make_unique<Impl>()), in_flight_(std::make_shared<std::atomic<int64_t>>(0)) {
    impl_->core = std::shared_ptr<Core>(new Core{options, router, workers, in_flight_});
}

Server::~Server() {
    stop();
}

// Our own acceptor and transport rather than Http::Endpoint: the transport hosts the upstream
// loops on the reactor threads and does the endpoint's idle checks itself.
void Server::start() {
    const ServerOptions& o = impl_->core->options;
    auto handler = Http::make_handler<ConnectionHandler>(impl_->core);
    handler->setMaxResponseSize(Const::DefaultMaxResponseSize);
    auto settings = std::make_shared<const TransportSettings>(
        TransportSettings{std::chrono::seconds(o.head_timeout_seconds), std::chrono::seconds(o.body_idle_seconds),
                          std::chrono::seconds(o.keepalive_seconds), o.guest});
    auto slots = std::make_shared<std::atomic<size_t>>(0);
    impl_->acceptor = std::make_unique<Acceptor>();
    impl_->acceptor->start(o.address, o.port, static_cast<size_t>(o.threads),
                           std::make_shared<ReactorTransport>(handler, settings, slots));
}

uint16_t Server::port() const {
    return impl_->acceptor->port();
}

void Server::drain(int seconds) {
    impl_->core->draining = true;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (in_flight_->load() > 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (in_flight_->load() > 0)
        log::warn("shutdown: " + std::to_string(in_flight_->load()) + " requests still in flight at the deadline");
}

void Server::stop() {
    if (!impl_->acceptor) return;
    impl_->acceptor->stop();
    impl_->acceptor.reset();
}

}  // namespace gw::http
