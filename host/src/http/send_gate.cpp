#include "http/send_gate.hpp"

#include <pistache/peer.h>

#include <sys/socket.h>

#include <cerrno>

namespace gw::http {

namespace {
constexpr size_t kHighWater = 256u << 10;               // above this the producer pauses
constexpr size_t kLowWater = 64u << 10;                 // below this it resumes
constexpr auto kStallLimit = std::chrono::seconds(10);  // a client that takes nothing this long is cut off
}  // namespace

std::vector<std::shared_ptr<SendGate>>& waiting_gates() {
    thread_local std::vector<std::shared_ptr<SendGate>> gates;
    return gates;
}

SendGate::SendGate(std::weak_ptr<Pistache::Tcp::Peer> peer, std::thread::id reactor, size_t max_held)
    : peer_(std::move(peer)), reactor_(reactor), max_held_(max_held) {}

bool SendGate::alive() const {
    return !failed_ && !peer_.expired();
}

void SendGate::shut() {
    if (auto p = peer_.lock()) ::shutdown(p->fd(), SHUT_RDWR);
}

size_t SendGate::backlog() const {
    return held_size_.load() + (queued_.load() - written_.load());
}

bool SendGate::backlogged() {
    if (backlog() <= kHighWater) return false;
    pause_reported_ = true;
    return true;
}

void SendGate::check_drained() {
    if (pause_reported_ && backlog() < kLowWater && pause_reported_.exchange(false) && on_drained_) on_drained_();
}

bool SendGate::fail() {
    failed_ = true;
    shut();
    return false;
}

bool SendGate::push(std::string bytes) {
    if (!alive()) return false;
    if (std::this_thread::get_id() != reactor_) return push_queued(std::move(bytes));
    if (held_.size() + bytes.size() > max_held_) return fail();  // the client stopped reading
    if (held_.empty()) last_progress_ = std::chrono::steady_clock::now();
    held_ += bytes;
    held_size_ = held_.size();
    if (!listed_) {
        listed_ = true;
        waiting_gates().push_back(shared_from_this());
    }
    return true;
}

void SendGate::end_response(bool close_connection) {
    ended_ = true;
    close_after_ = close_connection;
}

// Only the reactor thread closes this connection's descriptor, so it is safe to write to here.
// False once nothing waits (the gate then leaves the reactor's list).
bool SendGate::drain() {
    auto peer = peer_.lock();
    if (!peer || failed_) return listed_ = false;
    while (!held_.empty()) {
        ssize_t n = ::send(peer->fd(), held_.data(), held_.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            held_.erase(0, static_cast<size_t>(n));
            held_size_ = held_.size();
            last_progress_ = std::chrono::steady_clock::now();
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return listed_ = fail();
            if (std::chrono::steady_clock::now() - last_progress_ > kStallLimit) return listed_ = fail();
            check_drained();
            return true;
        }
    }
    check_drained();
    if (ended_) {
        peer->setIdle(true);
        if (close_after_) ::shutdown(peer->fd(), SHUT_WR);
    }
    return listed_ = false;
}

bool SendGate::push_queued(std::string bytes) {
    auto peer = peer_.lock();
    if (!peer) return false;
    if (queued_ - written_ > max_held_) return fail();
    size_t n = bytes.size();
    queued_ += n;
    std::weak_ptr<SendGate> weak = weak_from_this();
    peer->send(Pistache::RawBuffer(std::move(bytes), n))
        .then(
            [weak, n](ssize_t) {
                if (auto g = weak.lock()) {
                    g->written_ += n;
                    g->check_drained();
                }
            },
            [weak](std::exception_ptr) {
                if (auto g = weak.lock()) g->failed_ = true;
            });
    return true;
}

}  // namespace gw::http
