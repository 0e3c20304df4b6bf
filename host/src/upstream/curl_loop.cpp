#include "upstream/curl_loop.hpp"

#include "common/log.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace gw::upstream {

using Clock = std::chrono::steady_clock;

namespace {

constexpr int kSweepMs = 50;  // timeouts, cancellations and departed clients are checked this often
constexpr size_t kMaxSpare = 256;

size_t on_header(char* data, size_t size, size_t n, void* user) {
    auto* job = static_cast<Job*>(user);
    std::string_view line(data, size * n);
    job->last_activity = Clock::now();
    if (line.rfind("HTTP/", 0) == 0) {  // a new status line (after 1xx or a redirect)
        job->resp_headers.clear();
        size_t sp = line.find(' ');
        job->status = sp == std::string_view::npos ? 0 : std::atoi(std::string(line.substr(sp + 1, 3)).c_str());
        return size * n;
    }
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    if (line.empty()) {
        if (job->status >= 200) job->send_head();
        return size * n;
    }
    size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
        std::string name(line.substr(0, colon));
        std::transform(name.begin(), name.end(), name.begin(), ::tolower);
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        job->resp_headers.emplace_back(std::move(name), std::string(value));
    }
    return size * n;
}

size_t on_body(char* data, size_t size, size_t n, void* user) {
    auto* job = static_cast<Job*>(user);
    job->last_activity = Clock::now();
    job->send_head();
    if (job->cb.backlogged && job->cb.backlogged()) {  // the chunk comes again after the resume
        job->paused = true;
        return CURL_WRITEFUNC_PAUSE;
    }
    if (job->cb.on_data && !job->cb.on_data(std::string_view(data, size * n))) {
        job->aborted_by_callback = true;
        return 0;  // aborts the transfer
    }
    return size * n;
}

// A socket() failure is this process's (EMFILE, ENFILE, ENOMEM), not the upstream's: noted so
// that it is not held against the channel.
curl_socket_t open_socket(void* data, curlsocktype, curl_sockaddr* a) {
    curl_socket_t fd = ::socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
    if (fd == CURL_SOCKET_BAD) static_cast<Job*>(data)->local_errno = errno;
    return fd;
}

void configure(Job& job, CURL* e) {
    job.easy = e;
    const Request& r = job.req;
    curl_easy_setopt(e, CURLOPT_URL, r.url.c_str());
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS);
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(r.connect_timeout_ms));
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, &job);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &job);
    curl_easy_setopt(e, CURLOPT_PRIVATE, &job);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, &open_socket);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, &job);
    if (!r.proxy.empty()) curl_easy_setopt(e, CURLOPT_PROXY, r.proxy.c_str());
    if (r.method == "GET") {
        curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    } else {
        const std::string* body = r.body ? r.body.get() : nullptr;
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, body ? body->data() : "");
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body ? body->size() : 0));
        if (r.method != "POST") curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r.method.c_str());
    }
    for (const auto& [name, value] : r.headers)
        job.headers = curl_slist_append(job.headers, (name + ": " + value).c_str());
    job.headers = curl_slist_append(job.headers, "Expect:");  // no 100-continue round trip
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, job.headers);
}

Outcome classify(CURLcode code, const Job& job) {
    if (code == CURLE_OK) return Outcome::ok;
    if (job.aborted_by_callback) return Outcome::canceled;
    if (job.local_errno || code == CURLE_OUT_OF_MEMORY || code == CURLE_FAILED_INIT) return Outcome::local_error;
    switch (code) {
        case CURLE_COULDNT_CONNECT:
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
        case CURLE_SSL_CONNECT_ERROR:
            return Outcome::connect_failed;
        case CURLE_OPERATION_TIMEDOUT:
            return job.head_sent ? Outcome::idle_timeout : Outcome::connect_failed;
        default:
            return Outcome::transport_error;
    }
}

int checked(int fd, const char* what) {
    if (fd < 0) throw std::runtime_error(std::string("upstream loop: ") + what + ": " + std::strerror(errno));
    return fd;
}

void drain_counter(int fd) {
    uint64_t n;
    while (::read(fd, &n, sizeof n) == sizeof n) {
    }
}

}  // namespace

CurlLoop::CurlLoop(std::shared_ptr<std::atomic<int64_t>> active) : active_(std::move(active)) {
    epoll_fd_ = checked(epoll_create1(EPOLL_CLOEXEC), "epoll_create1");
    wake_fd_ = checked(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC), "eventfd");
    curl_timer_fd_ = checked(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC), "timerfd");
    sweep_fd_ = checked(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC), "timerfd");
    for (int fd : {wake_fd_, curl_timer_fd_, sweep_fd_}) watch(fd, EPOLLIN);
    multi_ = curl_multi_init();
    // Keep idle upstream connections for reuse; libcurl's default cache is sized by the handles
    // currently added, which under churn closes connections after every request.
    curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, 4096L);
    curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &CurlLoop::on_socket);
    curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &CurlLoop::on_timer);
    curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
}

CurlLoop::~CurlLoop() {
    running_.clear();
    for (CURL* e : spare_) curl_easy_cleanup(e);
    curl_multi_cleanup(multi_);
    for (int fd : {wake_fd_, curl_timer_fd_, sweep_fd_, epoll_fd_}) ::close(fd);
}

std::shared_ptr<Job> CurlLoop::submit(Request req, Callbacks cb, bool owner_thread) {
    auto job = std::make_shared<Job>();
    job->req = std::move(req);
    job->cb = std::move(cb);
    if (owner_thread && !closed_) {
        local_.push_back(job);
        return job;
    }
    {
        std::lock_guard lock(mutex_);
        incoming_.push_back(job);
    }
    wake();
    return job;
}

void CurlLoop::wake() const {
    uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
}

void CurlLoop::resume(std::weak_ptr<Job> job) {
    {
        std::lock_guard lock(mutex_);
        resumes_.push_back(std::move(job));
    }
    wake();
}

// A paused transfer is not idle: its clock restarts when it resumes.
void CurlLoop::resume_paused() {
    std::vector<std::weak_ptr<Job>> batch;
    {
        std::lock_guard lock(mutex_);
        batch.swap(resumes_);
    }
    for (auto& weak : batch) {
        auto job = weak.lock();
        if (!job || !job->paused || !running_.count(job->easy)) continue;
        job->paused = false;
        job->last_activity = Clock::now();
        curl_easy_pause(job->easy, CURLPAUSE_CONT);
    }
}

void CurlLoop::close() {
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
    }
    wake();
}

bool CurlLoop::drained() const {
    std::lock_guard lock(mutex_);
    return closed_ && incoming_.empty() && running_count_ == 0;
}

void CurlLoop::wait(int timeout_ms) const {
    epoll_event ev;
    epoll_wait(epoll_fd_, &ev, 1, timeout_ms);
}

void CurlLoop::process() {
    start_local();
    epoll_event events[64];
    int n = epoll_wait(epoll_fd_, events, 64, 0);
    int running = 0;
    for (int i = 0; i < n; ++i) {
        int fd = events[i].data.fd;
        if (fd == wake_fd_) {
            drain_counter(wake_fd_);
            admit();
            resume_paused();
        } else if (fd == curl_timer_fd_) {
            drain_counter(curl_timer_fd_);
            timer_armed_ = false;
            timeout_due_ = true;
        } else if (fd == sweep_fd_) {
            drain_counter(sweep_fd_);
            sweep();
        } else {
            uint32_t e = events[i].events;
            int mask = (e & EPOLLIN ? CURL_CSELECT_IN : 0) | (e & EPOLLOUT ? CURL_CSELECT_OUT : 0) |
                       (e & (EPOLLERR | EPOLLHUP) ? CURL_CSELECT_ERR : 0);
            curl_multi_socket_action(multi_, fd, mask, &running);
        }
    }
    kick();
    start_local();  // retries submitted by completion callbacks
}

void CurlLoop::start_local() {
    while (!local_.empty()) {
        auto batch = std::move(local_);
        local_.clear();
        for (auto& job : batch) start(job);
        kick();
    }
}

// Runs what libcurl asked to run at once, then hands finished transfers to their owners.
void CurlLoop::kick() {
    int running = 0;
    while (timeout_due_) {
        timeout_due_ = false;
        curl_multi_socket_action(multi_, CURL_SOCKET_TIMEOUT, 0, &running);
    }
    reap();
}

int CurlLoop::on_socket(CURL*, curl_socket_t s, int what, void* self, void*) {
    auto* loop = static_cast<CurlLoop*>(self);
    if (what == CURL_POLL_REMOVE) {
        epoll_ctl(loop->epoll_fd_, EPOLL_CTL_DEL, s, nullptr);
        return 0;
    }
    uint32_t events = (what & CURL_POLL_IN ? EPOLLIN : 0u) | (what & CURL_POLL_OUT ? EPOLLOUT : 0u);
    loop->watch(s, events);
    return 0;
}

// timerfd_settime is costly and libcurl moves its deadline on nearly every call: "now" is handled
// before process() returns, a later deadline keeps the earlier armed one (an early wake-up is
// harmless), and only an earlier one re-arms the timer.
int CurlLoop::on_timer(CURLM*, long timeout_ms, void* self) {
    auto* loop = static_cast<CurlLoop*>(self);
    if (timeout_ms < 0) return 0;
    if (timeout_ms == 0) {
        loop->timeout_due_ = true;
        return 0;
    }
    auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    if (loop->timer_armed_ && loop->timer_deadline_ > Clock::now() && loop->timer_deadline_ <= deadline) return 0;
    loop->timer_armed_ = true;
    loop->timer_deadline_ = deadline;
    loop->arm(loop->curl_timer_fd_, timeout_ms, false);
    return 0;
}

void CurlLoop::watch(int fd, uint32_t events) {
    epoll_event ev{};
    ev.events = events;
    ev.data.fd = fd;
    if (epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &ev) != 0 && errno == ENOENT)
        epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
}

// ms < 0 disarms; 0 means "at once", which timerfd spells as 1 ns (0 would disarm).
void CurlLoop::arm(int timer_fd, long ms, bool repeat) const {
    itimerspec spec{};
    if (ms >= 0) {
        spec.it_value.tv_sec = ms / 1000;
        spec.it_value.tv_nsec = ms == 0 ? 1 : (ms % 1000) * 1000000L;
        if (repeat) spec.it_interval = spec.it_value;
    }
    timerfd_settime(timer_fd, 0, &spec, nullptr);
}

void CurlLoop::admit() {
    std::vector<std::shared_ptr<Job>> batch;
    bool closing;
    {
        std::lock_guard lock(mutex_);
        batch.swap(incoming_);
        closing = closed_;
    }
    for (auto& job : batch) start(job);
    if (closing) cancel_all();
}

void CurlLoop::start(const std::shared_ptr<Job>& job) {
    CURL* easy = spare_.empty() ? curl_easy_init() : spare_.back();
    if (!spare_.empty()) spare_.pop_back();
    configure(*job, easy);
    job->started = job->last_activity = Clock::now();
    running_[job->easy] = job;
    ++running_count_;
    ++*active_;
    curl_multi_add_handle(multi_, job->easy);
    if (!sweeping_) {
        sweeping_ = true;
        arm(sweep_fd_, kSweepMs, true);
    }
}

void CurlLoop::reap() {
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
        if (msg->msg != CURLMSG_DONE) continue;
        auto it = running_.find(msg->easy_handle);
        if (it == running_.end()) continue;
        auto job = it->second;
        running_.erase(it);
        CURLcode code = msg->data.result;
        if (code == CURLE_OK) job->send_head();
        std::string why = code == CURLE_OK ? "" : curl_easy_strerror(code);
        if (job->local_errno) why += std::string(": ") + std::strerror(job->local_errno);
        finish(job, classify(code, *job), why);
    }
}

// Also stops the periodic sweep once nothing runs (here, not per transfer: re-arming costs).
void CurlLoop::sweep() {
    if (running_.empty()) {
        sweeping_ = false;
        arm(sweep_fd_, -1, false);
        return;
    }
    auto now = Clock::now();
    std::vector<std::pair<std::shared_ptr<Job>, Outcome>> doomed;
    for (auto& [easy, job] : running_) {
        const Request& r = job->req;
        auto since = [&](Clock::time_point t) {
            return std::chrono::duration_cast<std::chrono::milliseconds>(now - t).count();
        };
        if (job->cancel_requested || (job->cb.still_wanted && !job->cb.still_wanted()))
            doomed.push_back({job, Outcome::canceled});
        else if (r.total_timeout_ms > 0 && since(job->started) > r.total_timeout_ms)
            doomed.push_back({job, Outcome::total_timeout});
        else if (!job->head_sent && r.first_byte_timeout_ms > 0 && since(job->started) > r.first_byte_timeout_ms)
            doomed.push_back({job, Outcome::first_byte_timeout});
        else if (r.idle_timeout_ms > 0 && since(job->last_activity) > r.idle_timeout_ms)
            doomed.push_back({job, Outcome::idle_timeout});
    }
    for (auto& [job, outcome] : doomed) {
        running_.erase(job->easy);
        finish(job, outcome, outcome_name(outcome));
    }
}

void CurlLoop::cancel_all() {
    auto jobs = std::move(running_);
    running_.clear();
    for (auto& [easy, job] : jobs) finish(job, Outcome::canceled, "client shutting down");
}

// The easy handle goes back to the spares (reset, it is cheaper than a new one); the job keeps none.
void CurlLoop::finish(const std::shared_ptr<Job>& job, Outcome outcome, const std::string& error) {
    curl_multi_remove_handle(multi_, job->easy);
    if (spare_.size() < kMaxSpare) {
        curl_easy_reset(job->easy);
        spare_.push_back(job->easy);
        job->easy = nullptr;
    }
    --running_count_;
    --*active_;
    try {
        if (job->cb.on_done) job->cb.on_done(Result{outcome, error});
    } catch (const std::exception& e) {
        log::error(std::string("upstream completion handler failed: ") + e.what());
    }
}

}  // namespace gw::upstream
