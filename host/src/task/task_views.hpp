// Task rows as clients see them: New API's task DTO (Suno, /v1/video/generations), OpenAI's video
// object (/v1/videos) and MJ-Proxy's task object (/mj/task/...). private_data never leaves here.
#pragma once

#include "store/entities.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace gw::task {

nlohmann::json task_dto(const store::Task& t);
nlohmann::json openai_video(const store::Task& t);
// server_address and forward: MjForwardUrlEnabled rewrites image URLs to {server}/mj/image/{id}.
nlohmann::json midjourney_dto(const store::Midjourney& m, bool forward, const std::string& server_address);

// What private_data holds, and where the upstream's id is for rows written before it existed.
std::string upstream_task_id(const store::Task& t);
std::string result_url(const store::Task& t);
int64_t token_id_of(const store::Task& t);

// "SUBMITTED", "IN_PROGRESS", ... as New API stores them.
const char* status_name(int gw_task_state);

}  // namespace gw::task
