// One upstream event loop: a libcurl multi handle driven by the socket API through a private epoll
// set (curl's sockets, a wake-up eventfd, curl's timer and a sweep timer). The whole loop is one
// pollable descriptor, so any event loop can host it: watch fd(), call process() when readable.
#pragma once

#include "upstream/http_client.hpp"

#include <curl/curl.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace gw::upstream {

// One transfer; its fields belong to the loop's thread except cancel_requested.
struct Job {
    Request req;
    Callbacks cb;
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;
    Headers resp_headers;
    int status = 0;
    bool head_sent = false;
    bool aborted_by_callback = false;
    int local_errno = 0;  // a socket this process could not open (out of descriptors, say)
    bool paused = false;
    std::chrono::steady_clock::time_point started, last_activity;
    std::atomic<bool> cancel_requested{false};

    ~Job() {
        if (headers) curl_slist_free_all(headers);
        if (easy) curl_easy_cleanup(easy);
    }

    void send_head() {
        if (head_sent) return;
        head_sent = true;
        if (status == 0) curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
        if (cb.on_head) cb.on_head(status, resp_headers);
    }
};

class CurlLoop {
public:
    explicit CurlLoop(std::shared_ptr<std::atomic<int64_t>> active);
    ~CurlLoop();
    CurlLoop(const CurlLoop&) = delete;
    CurlLoop& operator=(const CurlLoop&) = delete;

    int fd() const { return epoll_fd_; }
    // Any thread: queues a transfer; it starts on the loop's thread. From the owner thread it
    // starts at its next process(), without a wake-up (the host calls process() after each of
    // its own event batches), and never inside the caller's stack.
    std::shared_ptr<Job> submit(Request req, Callbacks cb, bool owner_thread);
    // Any thread: makes the loop look at cancellations now.
    void wake() const;
    // Any thread: continues a paused transfer.
    void resume(std::weak_ptr<Job> job);
    // Any thread: every transfer ends (canceled) at the next process(); new ones are refused.
    void close();
    // Owner thread: handles everything ready, without blocking.
    void process();
    // Blocks until the loop has something to process or timeout_ms passed.
    void wait(int timeout_ms) const;
    bool drained() const;

private:
    static int on_socket(CURL* easy, curl_socket_t s, int what, void* self, void* socketp);
    static int on_timer(CURLM* multi, long timeout_ms, void* self);
    void watch(int fd, uint32_t events);
    void admit();
    void start(const std::shared_ptr<Job>& job);
    void kick();
    void start_local();
    void resume_paused();
    void reap();
    void sweep();
    void cancel_all();
    void finish(const std::shared_ptr<Job>& job, Outcome outcome, const std::string& error);
    void arm(int timer_fd, long ms, bool repeat) const;

    CURLM* multi_ = nullptr;
    int epoll_fd_ = -1, wake_fd_ = -1, curl_timer_fd_ = -1, sweep_fd_ = -1;
    mutable std::mutex mutex_;
    std::vector<std::shared_ptr<Job>> incoming_;
    std::vector<std::weak_ptr<Job>> resumes_;
    std::vector<CURL*> spare_;  // finished easy handles, reset for reuse
    std::atomic<bool> closed_{false};
    std::unordered_map<CURL*, std::shared_ptr<Job>> running_;
    std::atomic<size_t> running_count_{0};  // running_.size(), readable from any thread
    std::shared_ptr<std::atomic<int64_t>> active_;
    bool timeout_due_ = false;                 // libcurl asked to be called at once
    std::vector<std::shared_ptr<Job>> local_;  // submitted on the owner thread
    bool timer_armed_ = false, sweeping_ = false;
    std::chrono::steady_clock::time_point timer_deadline_;
};

}  // namespace gw::upstream
