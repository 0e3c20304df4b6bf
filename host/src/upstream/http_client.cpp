#include "upstream/http_client.hpp"

#include "common/log.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace gw::upstream {

using Clock = std::chrono::steady_clock;

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
    }
    return "?";
}

namespace {

struct Job {
    Request req;
    Callbacks cb;
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;
    Headers resp_headers;
    int status = 0;
    bool head_sent = false;
    bool aborted_by_callback = false;
    Clock::time_point started, last_activity;
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
    if (job->cb.on_data && !job->cb.on_data(std::string_view(data, size * n))) {
        job->aborted_by_callback = true;
        return 0;  // aborts the transfer
    }
    return size * n;
}

void configure(Job& job) {
    CURL* e = job.easy = curl_easy_init();
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

}  // namespace

class HttpClient::Loop {
public:
    explicit Loop(std::shared_ptr<std::atomic<int64_t>> active) : active_(std::move(active)) {
        multi_ = curl_multi_init();
        // Keep idle upstream connections for reuse; libcurl's default cache is sized by the handles
        // currently added, which under churn closes connections after every request.
        curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, 4096L);
        thread_ = std::thread([this] { run(); });
    }
    ~Loop() {
        stop_ = true;
        curl_multi_wakeup(multi_);
        thread_.join();
        curl_multi_cleanup(multi_);
    }

    std::shared_ptr<Job> submit(Request req, Callbacks cb) {
        auto job = std::make_shared<Job>();
        job->req = std::move(req);
        job->cb = std::move(cb);
        {
            std::lock_guard lock(mutex_);
            incoming_.push_back(job);
        }
        curl_multi_wakeup(multi_);
        return job;
    }
    void wake() { curl_multi_wakeup(multi_); }

private:
    void run() {
        while (!stop_) {
            admit();
            int running = 0;
            curl_multi_perform(multi_, &running);
            reap();
            sweep();
            curl_multi_poll(multi_, nullptr, 0, 100, nullptr);
        }
        for (auto& [easy, job] : running_) finish(job, Outcome::canceled, "client shutting down");
        running_.clear();
    }

    void admit() {
        std::vector<std::shared_ptr<Job>> batch;
        {
            std::lock_guard lock(mutex_);
            batch.swap(incoming_);
        }
        for (auto& job : batch) {
            configure(*job);
            job->started = job->last_activity = Clock::now();
            running_[job->easy] = job;
            ++*active_;
            curl_multi_add_handle(multi_, job->easy);
        }
    }

    void reap() {
        int left = 0;
        while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
            if (msg->msg != CURLMSG_DONE) continue;
            auto it = running_.find(msg->easy_handle);
            if (it == running_.end()) continue;
            auto job = it->second;
            running_.erase(it);
            CURLcode code = msg->data.result;
            if (code == CURLE_OK) job->send_head();
            finish(job, classify(code, *job), code == CURLE_OK ? "" : curl_easy_strerror(code));
        }
    }

    // Timeouts, cancellations and clients that went away; at most every 50 ms.
    void sweep() {
        auto now = Clock::now();
        if (now - last_sweep_ < std::chrono::milliseconds(50)) return;
        last_sweep_ = now;
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

    void finish(const std::shared_ptr<Job>& job, Outcome outcome, const std::string& error) {
        curl_multi_remove_handle(multi_, job->easy);
        --*active_;
        try {
            if (job->cb.on_done) job->cb.on_done(Result{outcome, error});
        } catch (const std::exception& e) {
            log::error(std::string("upstream completion handler failed: ") + e.what());
        }
    }

    CURLM* multi_ = nullptr;
    std::thread thread_;
    std::mutex mutex_;
    std::vector<std::shared_ptr<Job>> incoming_;
    std::unordered_map<CURL*, std::shared_ptr<Job>> running_;
    std::atomic<bool> stop_{false};
    Clock::time_point last_sweep_{};
    std::shared_ptr<std::atomic<int64_t>> active_;
};

HttpClient::HttpClient(int io_threads) : active_(std::make_shared<std::atomic<int64_t>>(0)) {
    static std::once_flag global;
    std::call_once(global, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    for (int i = 0; i < std::max(1, io_threads); ++i) loops_.push_back(std::make_unique<Loop>(active_));
}

HttpClient::~HttpClient() {
    shutdown();
}

void HttpClient::shutdown() {
    loops_.clear();
}

std::shared_ptr<Transfer> HttpClient::start(Request request, Callbacks callbacks) {
    Loop& loop = *loops_[next_++ % loops_.size()];
    std::shared_ptr<Job> job = loop.submit(std::move(request), std::move(callbacks));
    auto t = std::make_shared<Transfer>();
    std::weak_ptr<Job> weak = job;
    t->cancel_ = [weak, &loop] {
        if (auto j = weak.lock()) {
            j->cancel_requested = true;
            loop.wake();
        }
    };
    return t;
}

void Transfer::cancel() {
    if (cancel_) cancel_();
}

}  // namespace gw::upstream
