// The three task dialects clients speak: Midjourney-Proxy (/mj), Suno (/suno) and video
// (/v1/video/generations, /v1/videos). Each has its own error shape, which this file writes.
#pragma once

#include "http/responder.hpp"

#include <string>

namespace gw::task {

enum class Family { mj, suno, video };

// The plugin capability that serves a family: "task.mj", "task.suno", "task.video".
const char* capability(Family f);

// MJ-Proxy: {"description": "<message> ", "type", "code"} (code 4 unless given as a number); Suno and video:
// New API's task error {"code", "message", "data": null}.
void send_task_error(const http::Responder& res, Family f, int status, const std::string& code,
                     const std::string& message);

}  // namespace gw::task
