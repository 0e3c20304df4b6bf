#include "common/thread_pool.hpp"

#include "common/log.hpp"
#include "common/thread_name.hpp"

#include <exception>

namespace gw {

ThreadPool::ThreadPool(size_t threads) {
    for (size_t i = 0; i < threads; ++i)
        threads_.emplace_back([this, i] {
            name_this_thread("worker-" + std::to_string(i));
            run();
        });
}

ThreadPool::~ThreadPool() {
    stop();
}

void ThreadPool::post(std::function<void()> task) {
    {
        std::lock_guard lock(mutex_);
        if (!stopping_ || !threads_.empty()) {
            queue_.push_back(std::move(task));
            task = nullptr;
        }
    }
    if (task) return task();  // stopped: late work (e.g. settling at shutdown) runs here
    cv_.notify_one();
}

void ThreadPool::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && threads_.empty()) return;
        stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_)
        if (t.joinable()) t.join();
    threads_.clear();
}

void ThreadPool::run() {
    for (;;) {
        std::function<void()> task;
        {
            std::unique_lock lock(mutex_);
            cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;
            task = std::move(queue_.front());
            queue_.pop_front();
        }
        try {
            task();
        } catch (const std::exception& e) {
            log::error(std::string("worker task failed: ") + e.what());
        } catch (...) {
            log::error("worker task failed");
        }
    }
}

}  // namespace gw
