#include "http/reactor_transport.hpp"

#include "common/thread_name.hpp"
#include "http/connection.hpp"
#include "http/send_gate.hpp"

#include <pistache/peer.h>

#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

namespace gw::http {

using namespace Pistache;

namespace {

constexpr auto kIdleCheck = std::chrono::milliseconds(500);
constexpr auto kGateRetry = std::chrono::milliseconds(2);
constexpr auto kRefusedLinger = std::chrono::milliseconds(2000);  // a refused client's answer goes out

void set_timer(int fd, std::chrono::milliseconds period) {
    itimerspec spec{};
    spec.it_value.tv_sec = spec.it_interval.tv_sec = period.count() / 1000;
    spec.it_value.tv_nsec = spec.it_interval.tv_nsec = (period.count() % 1000) * 1000000L;
    timerfd_settime(fd, 0, &spec, nullptr);
}

void read_timer(int fd) {
    uint64_t n;
    [[maybe_unused]] auto r = ::read(fd, &n, sizeof n);
}

Polling::Event copy_event(const Aio::FdSet::Entry& e) {
    Polling::Event ev(e.getTag());
    if (e.isReadable()) ev.flags.setFlag(Polling::NotifyOn::Read);
    if (e.isWritable()) ev.flags.setFlag(Polling::NotifyOn::Write);
    if (e.isHangup()) ev.flags.setFlag(Polling::NotifyOn::Hangup);
    return ev;
}

}  // namespace

ReactorTransport::ReactorTransport(const std::shared_ptr<Tcp::Handler>& handler,
                                   std::shared_ptr<const TransportSettings> settings,
                                   std::shared_ptr<std::atomic<size_t>> next_slot)
    : Tcp::Transport(handler), handler_(handler), settings_(std::move(settings)), next_slot_(std::move(next_slot)) {}

ReactorTransport::~ReactorTransport() {
    for (int fd : {idle_timer_fd_, gate_timer_fd_, post_fd_})
        if (fd >= 0) ::close(fd);
}

// Pistache registers one clone per reactor thread; each clone takes the next guest slot.
std::shared_ptr<Aio::Handler> ReactorTransport::clone() const {
    auto copy = std::make_shared<ReactorTransport>(handler_->clone(), settings_, next_slot_);
    copy->slot_ = (*next_slot_)++;
    copy->self_ = copy;
    return copy;
}

std::function<void(std::function<void()>)> ReactorTransport::poster() const {
    return [weak = self_](std::function<void()> task) {
        if (auto t = weak.lock()) t->post(std::move(task));
    };
}

void ReactorTransport::registerPoller(Polling::Epoll& poller) {
    Tcp::Transport::registerPoller(poller);
    idle_timer_fd_ = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    gate_timer_fd_ = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    post_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    set_timer(idle_timer_fd_, kIdleCheck);
    for (int fd : {idle_timer_fd_, gate_timer_fd_, post_fd_})
        poller.addFd(fd, Flags<Polling::NotifyOn>(Polling::NotifyOn::Read), Polling::Tag(fd));
    const auto& fds = settings_->guest.fds;
    if (fds.empty()) return;
    guest_fd_ = fds[slot_ % fds.size()];
    poller.addFd(guest_fd_, Flags<Polling::NotifyOn>(Polling::NotifyOn::Read), Polling::Tag(guest_fd_));
}

void ReactorTransport::onReady(const Aio::FdSet& fds) {
    const ReactorGuest& guest = settings_->guest;
    size_t guest_slot = guest.fds.empty() ? 0 : slot_ % guest.fds.size();
    if (!entered_) {
        entered_ = true;
        name_this_thread("reactor-" + std::to_string(slot_));
        if (guest.enter) guest.enter(guest_slot);
    }
    bool guest_ready = false, idle_check = false, gate_retry = false, posted = false;
    std::vector<Polling::Event> rest;
    for (const auto& e : fds) {
        auto fd = static_cast<int>(e.getTag().value());
        if (fd == guest_fd_)
            guest_ready = true;
        else if (fd == idle_timer_fd_)
            idle_check = true;
        else if (fd == gate_timer_fd_)
            gate_retry = true;
        else if (fd == post_fd_)
            posted = true;
        else
            rest.push_back(copy_event(e));
    }
    bool had_http = !rest.empty() || posted;
    if (rest.size() == fds.size())
        Tcp::Transport::onReady(fds);
    else if (!rest.empty())
        Tcp::Transport::onReady(Aio::FdSet(std::move(rest)));
    // After Pistache's own events, so bytes Pistache queued for a connection (streams written
    // from other threads) go out before a pipelined request that follows them is started.
    if (posted) run_posted();
    // The guest runs after every batch: requests just handled may have queued upstream work.
    if (guest.run) {
        if (guest_ready || had_http) guest.run(guest_slot);
        flush();  // answers produced by the guest go out now, not after another poll round
    }
    if (idle_check) {
        read_timer(idle_timer_fd_);
        close_idle_peers();
    }
    if (gate_retry) read_timer(gate_timer_fd_);
    drain_gates();
}

void ReactorTransport::post(std::function<void()> task) {
    {
        std::lock_guard lock(posted_mutex_);
        posted_.push_back(std::move(task));
    }
    uint64_t one = 1;
    [[maybe_unused]] auto r = ::write(post_fd_, &one, sizeof one);
}

void ReactorTransport::run_posted() {
    read_timer(post_fd_);
    std::vector<std::function<void()>> tasks;
    {
        std::lock_guard lock(posted_mutex_);
        tasks.swap(posted_);
    }
    for (auto& task : tasks) task();
}

void ReactorTransport::drain_gates() {
    auto& gates = waiting_gates();
    if (gates.empty() && !gate_timer_armed_) return;
    std::erase_if(gates, [](const std::shared_ptr<SendGate>& g) { return !g->drain(); });
    bool want = !gates.empty();
    if (want != gate_timer_armed_) set_timer(gate_timer_fd_, want ? kGateRetry : std::chrono::milliseconds(0));
    gate_timer_armed_ = want;
}

// Idle keep-alive connections, and requests whose head or body stalls, are closed.
void ReactorTransport::close_idle_peers() {
    std::vector<std::shared_ptr<Tcp::Peer>> doomed;
    for (const auto& [fd, peer] : peers)
        if (timed_out(peer)) doomed.push_back(peer);
    for (auto& peer : doomed) removePeer(peer);
}

// A connection answering a request never times out here (the relay has its own deadline).
bool ReactorTransport::timed_out(const std::shared_ptr<Tcp::Peer>& peer) const {
    auto conn = connection_of(peer);
    if (!conn || conn->busy) return false;
    int64_t now = Connection::now_ms();
    if (conn->closing_since_ms)
        return now - std::max(conn->closing_since_ms, conn->progress_ms.load()) > kRefusedLinger.count();
    if (conn->reader.empty())  // a connection that never sent a request gets no keep-alive grace
        return now - conn->progress_ms >
               (conn->served ? settings_->keepalive_timeout : settings_->header_timeout).count();
    if (conn->reader.reading_head()) return now - conn->head_started_ms > settings_->header_timeout.count();
    return now - conn->progress_ms > settings_->body_timeout.count();
}

}  // namespace gw::http
