#include "common/periodic_task.hpp"

#include "common/log.hpp"
#include "common/thread_name.hpp"

#include <algorithm>

namespace gw {

PeriodicTask::PeriodicTask(std::chrono::milliseconds period, std::string what, std::function<void()> task) {
    thread_ = std::thread([this, period, what = std::move(what), task = std::move(task)] {
        std::string name = what;  // "billing flush" → "billing-flush"
        std::replace(name.begin(), name.end(), ' ', '-');
        name_this_thread(name);
        std::unique_lock lock(mutex_);
        while (!cv_.wait_for(lock, period, [this] { return stop_; })) {
            lock.unlock();
            try {
                task();
            } catch (const std::exception& e) {
                log::error(what + " failed: " + e.what());
            }
            lock.lock();
        }
    });
}

PeriodicTask::~PeriodicTask() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
}

}  // namespace gw
