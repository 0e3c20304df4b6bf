// A task submit from a client (MJ-Proxy, Suno or video): the billing name and ratios from the
// plugin, a channel (the original task's for a follow-up), the balance held, the upstream's answer
// parsed, and then the task row written together with its charge. Runs on a worker thread: it
// waits for the upstream and writes the database.
#pragma once

#include "http/request.hpp"
#include "http/responder.hpp"
#include "task/task_family.hpp"

namespace gw::billing {
class Ledger;
}

namespace gw::task {

struct TaskServices;

void submit_task(TaskServices& s, billing::Ledger& ledger, Family family, http::HttpRequest& req,
                 const http::Responder& res);

}  // namespace gw::task
