// The event-driven outbound HTTP client: a few event loops, each multiplexing every upstream
// transfer it owns through libcurl's multi interface (pooled keep-alive connections, TLS with
// the system CAs, HTTP/2 where offered, per-request proxies). No thread per request: callbacks
// run on the transfer's loop thread and must not block.
//
// A loop is one pollable descriptor (an epoll set of its sockets and timers). Either the client
// gives each loop its own thread, or a host event loop watches loop_fd(i) and calls run_loop(i)
// when it is readable: the HTTP server's reactor threads do this, so a request and its upstream
// transfer share one thread and no hand-off sits on the hot path.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace gw::upstream {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
    std::string method = "POST";
    std::string url;
    Headers headers;
    std::shared_ptr<const std::string> body;  // shared so a retry can resend it without a copy
    std::string proxy;                        // http://, https:// or socks5://; empty = direct
    int connect_timeout_ms = 10000;
    int first_byte_timeout_ms = 0;  // until the response head; 0 = none
    int idle_timeout_ms = 300000;   // between received bytes (STREAMING_TIMEOUT)
    int total_timeout_ms = 0;       // whole transfer (RELAY_TIMEOUT); 0 = none
};

// local_error: this process failed (no descriptor or memory for the transfer), not the upstream.
enum class Outcome {
    ok,
    connect_failed,
    first_byte_timeout,
    idle_timeout,
    total_timeout,
    canceled,
    transport_error,
    local_error
};
const char* outcome_name(Outcome o);

struct Result {
    Outcome outcome = Outcome::ok;
    std::string error;  // libcurl's message when not ok
};

struct Callbacks {
    // The response head arrived (status and headers, names lowercased).
    std::function<void(int status, const Headers& headers)> on_head;
    // A chunk of the body; return false to abort the transfer (canceled).
    std::function<bool(std::string_view chunk)> on_data;
    // Exactly once, last.
    std::function<void(const Result&)> on_done;
    // Polled on the I/O thread about every 50 ms; returning false cancels (client gone).
    std::function<bool()> still_wanted;
    // Asked before each chunk: true pauses the transfer (the client is slow) until
    // Transfer::resume(); the paused chunk is delivered after the resume.
    std::function<bool()> backlogged;
};

class Transfer;
class CurlLoop;

class HttpClient {
public:
    // `loops` event loops; with own_threads each runs on a thread of its own.
    HttpClient(int loops, bool own_threads);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Starts a transfer; the returned handle may cancel it from any thread.
    std::shared_ptr<Transfer> start(Request request, Callbacks callbacks);
    // Cancels every running transfer (their on_done runs) and joins the I/O threads.
    void shutdown();
    // Transfers currently running, across all I/O threads.
    int64_t active() const { return active_->load(); }

    // For a host event loop driving the loops (own_threads = false).
    size_t loop_count() const { return loops_.size(); }
    int loop_fd(size_t i) const;
    // Makes the calling thread loop i's owner: transfers it starts stay on that loop.
    void adopt_thread(size_t i);
    // Handles whatever is ready on loop i without blocking; called on its owner thread.
    void run_loop(size_t i);

private:
    std::vector<std::unique_ptr<CurlLoop>> loops_;
    std::vector<std::thread> threads_;
    std::atomic<size_t> next_{0};
    std::shared_ptr<std::atomic<int64_t>> active_;
};

class Transfer {
public:
    void cancel();
    // Any thread: continues a transfer paused by Callbacks::backlogged.
    void resume();

private:
    friend class HttpClient;
    std::function<void()> cancel_, resume_;
};

}  // namespace gw::upstream
