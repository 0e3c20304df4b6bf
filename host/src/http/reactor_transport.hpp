// The transport each Pistache reactor thread runs: Pistache's own TCP transport, plus the idle
// checks Pistache's endpoint would do (keep-alive, header and body timeouts), plus a guest event
// source (the upstream client's loop) serviced on the same thread, so a request, its upstream
// transfer and its response never change threads.
#pragma once

#include "http/reactor_guest.hpp"

#include <pistache/transport.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace gw::http {

struct TransportSettings {
    std::chrono::milliseconds header_timeout;  // from a request's first byte to the end of its head
    std::chrono::milliseconds body_timeout;    // a request body that makes no progress this long
    std::chrono::milliseconds keepalive_timeout;
    ReactorGuest guest;
};

class ReactorTransport : public Pistache::Tcp::Transport {
public:
    ReactorTransport(const std::shared_ptr<Pistache::Tcp::Handler>& handler,
                     std::shared_ptr<const TransportSettings> settings, std::shared_ptr<std::atomic<size_t>> next_slot);
    ~ReactorTransport() override;

    void registerPoller(Pistache::Polling::Epoll& poller) override;
    void onReady(const Pistache::Aio::FdSet& fds) override;
    std::shared_ptr<Pistache::Aio::Handler> clone() const override;
    // Runs `task` on this reactor's thread after its current batch; callable from any thread.
    void post(std::function<void()> task);
    // A poster that outlives this transport safely: after shutdown, tasks are dropped.
    std::function<void(std::function<void()>)> poster() const;

private:
    void close_idle_peers();
    void drain_gates();
    void run_posted();
    bool timed_out(const std::shared_ptr<Pistache::Tcp::Peer>& peer) const;

    std::shared_ptr<Pistache::Tcp::Handler> handler_;
    std::shared_ptr<const TransportSettings> settings_;
    std::shared_ptr<std::atomic<size_t>> next_slot_;
    size_t slot_ = 0;
    int idle_timer_fd_ = -1;
    int guest_fd_ = -1;
    int gate_timer_fd_ = -1;  // armed while streamed bytes wait for slow clients
    int post_fd_ = -1;        // eventfd: tasks were posted
    std::mutex posted_mutex_;
    std::vector<std::function<void()>> posted_;
    std::weak_ptr<ReactorTransport> self_;
    bool gate_timer_armed_ = false;
    bool entered_ = false;
};

}  // namespace gw::http
