// The event-driven outbound HTTP client: a few I/O threads, each multiplexing every upstream
// transfer it owns through libcurl's multi interface (pooled keep-alive connections, TLS with
// the system CAs, HTTP/2 where offered, per-request proxies). No thread per request: callbacks
// run on the transfer's I/O thread and must not block.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
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

enum class Outcome { ok, connect_failed, first_byte_timeout, idle_timeout, total_timeout, canceled, transport_error };
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
    // Polled on the I/O thread about every 100 ms; returning false cancels (client gone).
    std::function<bool()> still_wanted;
};

class Transfer;

class HttpClient {
public:
    explicit HttpClient(int io_threads);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Starts a transfer; the returned handle may cancel it from any thread.
    std::shared_ptr<Transfer> start(Request request, Callbacks callbacks);
    // Cancels every running transfer (their on_done runs) and joins the I/O threads.
    void shutdown();
    // Transfers currently running, across all I/O threads.
    int64_t active() const { return active_->load(); }

private:
    class Loop;
    std::vector<std::unique_ptr<Loop>> loops_;
    std::atomic<size_t> next_{0};
    std::shared_ptr<std::atomic<int64_t>> active_;
};

class Transfer {
public:
    void cancel();

private:
    friend class HttpClient;
    std::function<void()> cancel_;
};

}  // namespace gw::upstream
