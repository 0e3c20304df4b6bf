// The master node's poll of unfinished tasks: every TASK_POLL_INTERVAL seconds, up to
// TASK_QUERY_LIMIT rows of `tasks` and of `midjourneys` are asked of their channels in batches
// (as many ids per request as the plugin takes), and each answer moves its row. A task that
// fails, or stays unfinished past TASK_TIMEOUT_MINUTES, is refunded (log type 6) in the same
// transaction as its move to FAILURE; a finished task whose price changed (seconds the upstream
// reported) is charged or refunded the difference. Runs on its own thread: upstream calls go
// through the event-driven client, never on a reactor.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace gw::store {
struct Task;
struct Midjourney;
struct Channel;
}  // namespace gw::store

namespace gw::task {

struct TaskServices;
struct TaskReport;

class TaskPoller {
public:
    explicit TaskPoller(TaskServices& s) : s_(s) {}
    // One round over the unfinished rows.
    void poll_once();

private:
    void poll_tasks(int64_t now);
    void poll_midjourneys(int64_t now);
    // The channel's answers for these upstream ids, or nothing when the channel cannot be asked.
    std::vector<TaskReport> fetch(const store::Channel& channel, const std::vector<std::string>& upstream_ids);
    void apply(const store::Task& row, const TaskReport& rep, size_t index, int64_t now);
    void apply(const store::Midjourney& row, const TaskReport& rep, size_t index, int64_t now);
    void fail(const store::Task& row, const std::string& reason, int64_t now);
    void fail(const store::Midjourney& row, const std::string& reason, int64_t now);

    TaskServices& s_;
};

}  // namespace gw::task
