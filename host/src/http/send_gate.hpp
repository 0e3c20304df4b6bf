// Writes one response's bytes with flow control. Pistache 0.0.5 spins its reactor thread when a
// write meets a full socket buffer (EAGAIN is retried at once until the client drains), and the
// reactor also runs the upstream transfers. So on the connection's own reactor thread (the usual
// case) bytes are collected during the reactor's event batch and written straight to the socket
// at its end, without blocking (several stream events become one send); what the socket cannot
// take waits here, bounded, and the reactor retries it on a short timer (waiting_gates). From any
// other thread bytes go through Pistache's queue, bounded the same way.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace Pistache::Tcp {
class Peer;
}

namespace gw::http {

class SendGate : public std::enable_shared_from_this<SendGate> {
public:
    SendGate(std::weak_ptr<Pistache::Tcp::Peer> peer, std::thread::id reactor, size_t max_held);

    // Queues bytes; false once the client is gone, a write failed, or more than max_held bytes
    // wait (a client that stopped reading: its connection is then shut down).
    bool push(std::string bytes);
    bool alive() const;
    // Whether the producer should pause: the client is not keeping up. Once it has said so,
    // `on_drained` runs (on the draining thread) when the backlog is low again.
    bool backlogged();
    void on_drained(std::function<void()> callback) { on_drained_ = std::move(callback); }
    // Reactor thread: writes what the socket takes now; true while bytes still wait.
    bool drain();
    // Closes the connection (abandoned mid-stream).
    void shut();
    // Reactor path: the response is complete once the held bytes are written; the connection
    // then turns idle (keep-alive timeout) or, with close_connection, is closed.
    void end_response(bool close_connection);

private:
    bool push_queued(std::string bytes);
    bool fail();
    size_t backlog() const;
    void check_drained();

    std::weak_ptr<Pistache::Tcp::Peer> peer_;
    const std::thread::id reactor_;
    const size_t max_held_;
    std::string held_;                // reactor path: bytes the socket has not taken yet
    std::atomic<size_t> queued_{0};   // other threads: handed to Pistache
    std::atomic<size_t> written_{0};  // other threads: reported written by Pistache
    std::atomic<bool> failed_{false};
    bool listed_ = false;  // on the reactor's waiting_gates
    bool ended_ = false, close_after_ = false;
    std::atomic<size_t> held_size_{0};
    std::atomic<bool> pause_reported_{false};
    std::function<void()> on_drained_;
    std::chrono::steady_clock::time_point last_progress_;
};

// Gates of the calling reactor thread with bytes waiting; its transport drains them after each
// event batch, and on a timer while a slow client keeps some waiting.
// Held strongly: a finished stream's last bytes still go out after its writer is gone.
std::vector<std::shared_ptr<SendGate>>& waiting_gates();

}  // namespace gw::http
