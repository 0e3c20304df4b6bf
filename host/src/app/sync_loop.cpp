#include "app/sync_loop.hpp"

#include "common/log.hpp"

namespace gw {

SyncLoop::SyncLoop(int seconds, std::function<void()> reload) {
    thread_ = std::thread([this, seconds, reload = std::move(reload)] {
        std::unique_lock lock(mutex_);
        while (!cv_.wait_for(lock, std::chrono::seconds(seconds), [this] { return stop_; })) {
            lock.unlock();
            try {
                reload();
            } catch (const std::exception& e) {
                log::error(std::string("snapshot sync failed: ") + e.what());
            }
            lock.lock();
        }
    });
}

SyncLoop::~SyncLoop() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
}

}  // namespace gw
