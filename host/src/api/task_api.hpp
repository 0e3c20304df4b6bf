// The task listings of the console: /api/task/self and /api/task/ (tasks: Suno, video) and
// /api/mj/self and /api/mj/ (Midjourney drawings), with New API's filters and pages.
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::api {

void register_task_api(http::Router& router, AppContext& ctx);

}  // namespace gw::api
