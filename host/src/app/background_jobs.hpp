// A node's periodic work: the snapshot sync on every node; on the master, channel tests
// (CHANNEL_TEST_FREQUENCY), task polling and housekeeping (log retention, quota_data compaction).
#pragma once

#include "common/periodic_task.hpp"
#include "task/task_poller.hpp"

#include <memory>

namespace gw {
struct Config;
struct AppContext;
class ThreadPool;
namespace cluster {
class Node;
}
namespace relay {
struct RelayServices;
}

struct JobServices {
    const Config& config;
    AppContext& ctx;
    cluster::Node& node;
    ThreadPool& workers;
    relay::RelayServices& relay;
    task::TaskServices& tasks;
};

class BackgroundJobs {
public:
    // Starts the jobs and logs which ones run on this node.
    explicit BackgroundJobs(JobServices s);
    // Stops the master's jobs (before draining); the sync runs until destruction.
    void stop_master_jobs();

private:
    void start_master_jobs(JobServices& s);

    task::TaskPoller poller_;
    std::unique_ptr<PeriodicTask> sync_, channel_tests_, housekeeping_, task_poll_;
};

}  // namespace gw
