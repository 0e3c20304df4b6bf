#include "http/acceptor.hpp"

#include "common/log.hpp"
#include "common/thread_name.hpp"

#include <pistache/peer.h>
#include <pistache/transport.h>

#include <arpa/inet.h>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <string>

namespace gw::http {

using namespace Pistache;

namespace {

constexpr int kBacklog = 4096;
constexpr int64_t kExhaustedLogSeconds = 60;
constexpr std::string_view kShedAnswer =
    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nConnection: close\r\n"
    "Content-Length: 86\r\n\r\n"
    R"({"error":{"message":"server is out of connections","type":"new_api_error","code":503}})";

int64_t now_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

int listen_on(const std::string& address, int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    if (!address.empty() && ::inet_pton(AF_INET, address.c_str(), &addr.sin_addr) != 1) {
        ::close(fd);
        throw std::runtime_error("cannot listen on " + address + ": not an IPv4 address");
    }
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0 || ::listen(fd, kBacklog) < 0) {
        std::string why = std::strerror(errno);
        ::close(fd);
        throw std::runtime_error("cannot listen on port " + std::to_string(port) + ": " + why);
    }
    return fd;
}

}  // namespace

Acceptor::~Acceptor() {
    stop();
}

void Acceptor::start(const std::string& address, int port, size_t threads, std::shared_ptr<Tcp::Transport> transport) {
    listen_fd_ = listen_on(address, port);
    wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    reserve_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    reactor_.init(Aio::AsyncContext(threads));
    key_ = reactor_.addHandler(transport);
    reactor_.run();
    thread_ = std::thread([this] {
        name_this_thread("acceptor");
        loop();
    });
}

uint16_t Acceptor::port() const {
    sockaddr_in addr{};
    socklen_t len = sizeof addr;
    if (listen_fd_ < 0 || ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) < 0) return 0;
    return ntohs(addr.sin_port);
}

void Acceptor::stop() {
    if (listen_fd_ < 0 || stopping_.exchange(true)) return;
    uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
    if (thread_.joinable()) thread_.join();
    reactor_.shutdown();
    for (int fd : {listen_fd_, wake_fd_, reserve_fd_})
        if (fd >= 0) ::close(fd);
    listen_fd_ = wake_fd_ = reserve_fd_ = -1;
}

void Acceptor::loop() {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    while (!stopping_) {
        if (::poll(fds, 2, -1) < 0 && errno != EINTR) break;
        if (fds[1].revents) break;
        if (fds[0].revents) accept_ready();
    }
}

// Takes every waiting connection. Out of descriptors, the waiting ones are shed with a 503
// rather than left to spin this loop; other failures pause it briefly.
void Acceptor::accept_ready() {
    for (;;) {
        sockaddr_storage addr{};
        socklen_t len = sizeof addr;
        int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
            dispatch(fd, addr);
            continue;
        }
        if (errno == EINTR || errno == ECONNABORTED) continue;
        if (errno == EMFILE || errno == ENFILE) {
            shed();
            continue;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        return;
    }
}

void Acceptor::shed() {
    int64_t now = now_seconds();
    if (now - last_exhausted_log_ >= kExhaustedLogSeconds) {
        rlimit lim{};
        getrlimit(RLIMIT_NOFILE, &lim);
        log::error("out of file descriptors (limit " + std::to_string(lim.rlim_cur) +
                   "): new connections are answered 503 until some close (" + std::to_string(shed_) + " shed so far)");
        last_exhausted_log_ = now;
    }
    if (reserve_fd_ >= 0) ::close(reserve_fd_);
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
        [[maybe_unused]] auto n = ::send(fd, kShedAnswer.data(), kShedAnswer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        ::close(fd);
        ++shed_;
    }
    reserve_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fd < 0 || reserve_fd_ < 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

void Acceptor::dispatch(int fd, const sockaddr_storage& addr) {
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    auto handlers = reactor_.handlers(key_);
    auto transport = std::static_pointer_cast<Tcp::Transport>(handlers[static_cast<size_t>(fd) % handlers.size()]);
    auto* sa = const_cast<sockaddr*>(reinterpret_cast<const sockaddr*>(&addr));
    transport->handleNewPeer(Tcp::Peer::Create(fd, Address::fromUnix(sa)));
}

}  // namespace gw::http
