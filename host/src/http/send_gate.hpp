// Flow control for one streamed response. Pistache 0.0.5 spins its reactor thread when a write
// meets a full socket buffer (EAGAIN is retried at once until the client drains), and the reactor
// also runs the upstream transfers. So on the connection's own reactor thread (the usual case)
// bytes go straight to the socket without blocking; what it cannot take waits here, bounded, and
// the reactor retries it on a short timer (waiting_gates). From any other thread bytes go through
// Pistache's queue, bounded the same way.
#pragma once

#include <atomic>
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
    // Reactor thread: writes what the socket takes now; true while bytes still wait.
    bool drain();
    // Closes the connection (abandoned mid-stream).
    void shut();

private:
    bool push_queued(std::string bytes);
    bool fail();

    std::weak_ptr<Pistache::Tcp::Peer> peer_;
    const std::thread::id reactor_;
    const size_t max_held_;
    std::string held_;                // reactor path: bytes the socket has not taken yet
    std::atomic<size_t> queued_{0};   // other threads: handed to Pistache
    std::atomic<size_t> written_{0};  // other threads: reported written by Pistache
    std::atomic<bool> failed_{false};
};

// Gates of the calling reactor thread with bytes waiting; its transport drains them on a timer.
// Held strongly: a finished stream's last bytes still go out after its writer is gone.
std::vector<std::shared_ptr<SendGate>>& waiting_gates();

}  // namespace gw::http
