#include "http/stream_writer.hpp"

#include "http/responder_state.hpp"

#include <pistache/peer.h>

#include <sys/socket.h>

#include <cstdio>

namespace gw::http {

struct StreamWriter::Shared {
    std::weak_ptr<Pistache::Tcp::Peer> peer;
    std::atomic<size_t> queued{0};   // bytes handed to the reactor
    std::atomic<size_t> written{0};  // bytes the reactor reported written
    std::atomic<bool> failed{false};
};

namespace {

const char* reason(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 429:
            return "Too Many Requests";
        case 500:
            return "Internal Server Error";
        case 502:
            return "Bad Gateway";
        case 503:
            return "Service Unavailable";
        default:
            return "Status";
    }
}

}  // namespace

StreamWriter::StreamWriter(const Responder& responder, int status, const HeaderList& headers)
    : state_(responder.state()), shared_(std::make_shared<Shared>()) {
    shared_->peer = state_->writer.getPeer();
    state_->sent = true;  // from now on this writer owns the connection's answer
    std::string head = "HTTP/1.1 " + std::to_string(status) + " " + reason(status) + "\r\n";
    for (const auto& [n, v] : headers) head += n + ": " + v + "\r\n";
    head += "X-Oneapi-Request-Id: " + state_->request_id + "\r\n";
    head += std::string("Connection: ") + (state_->keep_alive ? "keep-alive" : "close") + "\r\n";
    head += "Transfer-Encoding: chunked\r\n\r\n";
    send_raw(std::move(head));
}

StreamWriter::~StreamWriter() {
    if (!finished_) {
        // Abandoned mid-stream: close the connection so the client sees an incomplete body.
        if (auto p = shared_->peer.lock()) ::shutdown(p->fd(), SHUT_RDWR);
    }
}

bool StreamWriter::alive() const {
    return !shared_->failed && !shared_->peer.expired();
}

bool StreamWriter::send_raw(std::string bytes) {
    auto peer = shared_->peer.lock();
    if (!peer || shared_->failed) return false;
    if (shared_->queued - shared_->written > kMaxUnsent) {  // the client stopped reading
        shared_->failed = true;
        ::shutdown(peer->fd(), SHUT_RDWR);
        return false;
    }
    size_t n = bytes.size();
    shared_->queued += n;
    std::weak_ptr<Shared> weak = shared_;
    peer->send(Pistache::RawBuffer(std::move(bytes), n))
        .then(
            [weak, n](ssize_t) {
                if (auto s = weak.lock()) s->written += n;
            },
            [weak](std::exception_ptr) {
                if (auto s = weak.lock()) s->failed = true;
            });
    return true;
}

bool StreamWriter::write(std::string_view data) {
    if (data.empty()) return alive();
    char size[20];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    std::string chunk = size;
    chunk.append(data);
    chunk += "\r\n";
    return send_raw(std::move(chunk));
}

void StreamWriter::finish() {
    if (finished_) return;
    finished_ = true;
    send_raw("0\r\n\r\n");
}

}  // namespace gw::http
