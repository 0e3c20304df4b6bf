#include "http/send_gate.hpp"

#include <pistache/peer.h>

#include <sys/socket.h>

#include <cerrno>

namespace gw::http {

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

bool SendGate::fail() {
    failed_ = true;
    shut();
    return false;
}

bool SendGate::push(std::string bytes) {
    if (!alive()) return false;
    if (std::this_thread::get_id() != reactor_) return push_queued(std::move(bytes));
    if (held_.size() + bytes.size() > max_held_) return fail();  // the client stopped reading
    bool was_waiting = !held_.empty();
    held_ += bytes;
    if (was_waiting) return true;  // already on the reactor's list; order is kept
    if (drain()) waiting_gates().push_back(shared_from_this());
    return !failed_;
}

// Only the reactor thread closes this connection's descriptor, so it is safe to write to here.
bool SendGate::drain() {
    auto peer = peer_.lock();
    if (!peer || failed_) return false;
    while (!held_.empty()) {
        ssize_t n = ::send(peer->fd(), held_.data(), held_.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            held_.erase(0, static_cast<size_t>(n));
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return fail();
            return true;
        }
    }
    return false;
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
                if (auto g = weak.lock()) g->written_ += n;
            },
            [weak](std::exception_ptr) {
                if (auto g = weak.lock()) g->failed_ = true;
            });
    return true;
}

}  // namespace gw::http
