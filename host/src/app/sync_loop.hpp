// Reloads the in-memory snapshots every SYNC_FREQUENCY seconds, so writes made by another node
// (or straight into the database) reach this one.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace gw {

class SyncLoop {
public:
    SyncLoop(int seconds, std::function<void()> reload);
    ~SyncLoop();
    SyncLoop(const SyncLoop&) = delete;
    SyncLoop& operator=(const SyncLoop&) = delete;

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace gw
