// Accepts connections and hands each to a reactor thread's transport. It replaces Pistache's
// listener loop, which spins a core when accept() fails for want of descriptors (EMFILE) and
// logs nothing: here the first failure is logged (then once a minute), a reserve descriptor is
// released to take the waiting connection, answer it 503 and close it, and the loop never spins.
#pragma once

#include <pistache/reactor.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <thread>

namespace Pistache::Tcp {
class Transport;
}

namespace gw::http {

class Acceptor {
public:
    ~Acceptor();
    // Binds and listens on `address` (empty: every interface) and `port` (0: any free port);
    // `threads` reactor threads run clones of `transport`.
    void start(const std::string& address, int port, size_t threads,
               std::shared_ptr<Pistache::Tcp::Transport> transport);
    uint16_t port() const;
    void stop();

private:
    void loop();
    void accept_ready();
    void shed();
    void dispatch(int fd, const struct sockaddr_storage& addr);

    Pistache::Aio::Reactor reactor_;
    Pistache::Aio::Reactor::Key key_;
    int listen_fd_ = -1, wake_fd_ = -1, reserve_fd_ = -1;
    std::thread thread_;
    std::atomic<bool> stopping_{false};
    int64_t last_exhausted_log_ = 0;
    uint64_t shed_ = 0;
};

}  // namespace gw::http
