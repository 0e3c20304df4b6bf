// The client routes of asynchronous tasks, as New API has them: Midjourney-Proxy under /mj (and
// /{mode}/mj), Suno under /suno, video under /v1/video/generations and /v1/videos. Submits go
// through task_submit; fetches read the local tables, which the master's poller keeps current.
#pragma once

#include "http/router.hpp"

namespace gw::billing {
class Ledger;
}

namespace gw::task {

struct TaskServices;

void register_task_routes(http::Router& router, TaskServices& s, billing::Ledger& ledger);

}  // namespace gw::task
