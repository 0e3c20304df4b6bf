// A fixed pool of worker threads for blocking work (database calls of the management API),
// so Pistache's reactor threads never block.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace gw {

class ThreadPool {
public:
    explicit ThreadPool(size_t threads);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    // Queues a task; once the pool has stopped, runs it on the caller's thread instead.
    void post(std::function<void()> task);
    // Runs every queued task, then joins the threads.
    void stop();

private:
    void run();

    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> queue_;
    std::vector<std::thread> threads_;
    bool stopping_ = false;
};

}  // namespace gw
