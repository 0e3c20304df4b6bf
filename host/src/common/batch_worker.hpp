// One background thread that runs queued tasks in batches, waking every `period` (or at once when
// the backlog grows large) instead of once per task: per-request bookkeeping (settlement, logs)
// then costs the hot path a mutex, not a thread wake-up.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace gw {

class BatchWorker {
public:
    explicit BatchWorker(std::chrono::milliseconds period, size_t wake_backlog = 4096);
    ~BatchWorker();
    BatchWorker(const BatchWorker&) = delete;
    BatchWorker& operator=(const BatchWorker&) = delete;

    // Queues a task; once stopped, runs it on the caller's thread instead.
    void post(std::function<void()> task);
    // Runs every queued task, then joins the thread.
    void stop();

private:
    void run();

    const std::chrono::milliseconds period_;
    const size_t wake_backlog_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::vector<std::function<void()>> queue_;
    bool stopping_ = false, stopped_ = false;
    std::thread thread_;
};

}  // namespace gw
