#include "upstream/http_client.hpp"

#include "common/thread_name.hpp"
#include "upstream/curl_loop.hpp"

#include <mutex>

namespace gw::upstream {

const char* outcome_name(Outcome o) {
    switch (o) {
        case Outcome::ok:
            return "ok";
        case Outcome::connect_failed:
            return "connect_failed";
        case Outcome::first_byte_timeout:
            return "first_byte_timeout";
        case Outcome::idle_timeout:
            return "idle_timeout";
        case Outcome::total_timeout:
            return "total_timeout";
        case Outcome::canceled:
            return "canceled";
        case Outcome::transport_error:
            return "transport_error";
        case Outcome::local_error:
            return "local_error";
    }
    return "?";
}

namespace {
// The loop this thread drives, if any.
thread_local const HttpClient* t_client = nullptr;
thread_local size_t t_loop = 0;
}  // namespace

HttpClient::HttpClient(int loops, bool own_threads) : active_(std::make_shared<std::atomic<int64_t>>(0)) {
    static std::once_flag global;
    std::call_once(global, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    for (int i = 0; i < std::max(1, loops); ++i) loops_.push_back(std::make_unique<CurlLoop>(active_));
    if (!own_threads) return;
    for (size_t i = 0; i < loops_.size(); ++i)
        threads_.emplace_back([this, i] {
            name_this_thread("upstream-" + std::to_string(i));
            adopt_thread(i);
            CurlLoop& loop = *loops_[i];
            while (!loop.drained()) {
                loop.wait(1000);
                loop.process();
            }
        });
}

HttpClient::~HttpClient() {
    shutdown();
}

// Every loop cancels what it runs (their on_done runs on the loop's thread), then threads end.
// A host-driven loop needs its host running meanwhile; it gets five seconds.
void HttpClient::shutdown() {
    for (auto& loop : loops_) loop->close();
    for (auto& t : threads_) t.join();
    threads_.clear();
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    for (auto& loop : loops_)
        while (!loop->drained() && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

int HttpClient::loop_fd(size_t i) const {
    return loops_.at(i)->fd();
}

void HttpClient::adopt_thread(size_t i) {
    t_client = this;
    t_loop = i;
}

void HttpClient::run_loop(size_t i) {
    loops_.at(i)->process();
}

std::shared_ptr<Transfer> HttpClient::start(Request request, Callbacks callbacks) {
    bool mine = t_client == this;
    CurlLoop* loop = loops_[mine ? t_loop : next_++ % loops_.size()].get();
    std::shared_ptr<Job> job = loop->submit(std::move(request), std::move(callbacks), mine);
    auto t = std::make_shared<Transfer>();
    std::weak_ptr<Job> weak = job;
    t->cancel_ = [weak, loop] {
        if (auto j = weak.lock()) {
            j->cancel_requested = true;
            loop->wake();
        }
    };
    t->resume_ = [weak, loop] { loop->resume(weak); };
    return t;
}

void Transfer::cancel() {
    if (cancel_) cancel_();
}

void Transfer::resume() {
    if (resume_) resume_();
}

}  // namespace gw::upstream
