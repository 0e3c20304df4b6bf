// Runs a task on a thread of its own every `period` until destroyed (snapshot syncs, channel
// tests, ledger flushes). A failing run is logged under `what`; the next one still comes.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace gw {

class PeriodicTask {
public:
    PeriodicTask(std::chrono::milliseconds period, std::string what, std::function<void()> task);
    // Waits for a run in progress, then stops.
    ~PeriodicTask();
    PeriodicTask(const PeriodicTask&) = delete;
    PeriodicTask& operator=(const PeriodicTask&) = delete;

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace gw
