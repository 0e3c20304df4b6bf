#include "common/batch_worker.hpp"

#include "common/thread_name.hpp"

#include "common/log.hpp"

namespace gw {

namespace {

void run_all(std::vector<std::function<void()>>& batch) {
    for (auto& task : batch) {
        try {
            task();
        } catch (const std::exception& e) {
            log::error(std::string("background task failed: ") + e.what());
        }
    }
    batch.clear();
}

}  // namespace

BatchWorker::BatchWorker(std::chrono::milliseconds period, size_t wake_backlog)
    : period_(period), wake_backlog_(wake_backlog), thread_([this] {
          name_this_thread("settle");
          run();
      }) {}

BatchWorker::~BatchWorker() {
    stop();
}

void BatchWorker::post(std::function<void()> task) {
    std::unique_lock lock(mutex_);
    if (stopped_) {
        lock.unlock();
        std::vector<std::function<void()>> one{std::move(task)};
        return run_all(one);
    }
    queue_.push_back(std::move(task));
    if (queue_.size() == wake_backlog_) cv_.notify_one();
}

void BatchWorker::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        stopping_ = true;
    }
    cv_.notify_one();
    thread_.join();
}

void BatchWorker::run() {
    std::vector<std::function<void()>> batch;
    std::unique_lock lock(mutex_);
    for (;;) {
        cv_.wait_for(lock, period_, [this] { return stopping_ || queue_.size() >= wake_backlog_; });
        batch.swap(queue_);
        bool last = stopping_;
        if (last) stopped_ = true;  // later posts run inline; this batch is the final one
        lock.unlock();
        run_all(batch);
        if (last) return;
        lock.lock();
    }
}

}  // namespace gw
