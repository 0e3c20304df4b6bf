// After a task's charge, refund or adjustment is committed to the database: this node's
// snapshots re-read the rows, the other nodes are told, and the shared counters follow.
#pragma once

#include <cstdint>

namespace gw::task {

struct TaskServices;

// `charged` > 0 took quota from the user and token, < 0 gave it back.
void balances_moved(TaskServices& s, int64_t user_id, int64_t token_id, int64_t charged);

}  // namespace gw::task
