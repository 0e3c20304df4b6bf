#include "task/task_views.hpp"

#include "common/json_bounded.hpp"

#include <gw/abi/task.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>

namespace gw::task {
namespace {

using nlohmann::json;

json parsed(const std::string& text, json fallback) {
    if (text.empty()) return fallback;
    json j = parse_json(text);
    return j.is_discarded() ? fallback : j;
}

std::string private_str(const store::Task& t, const char* key) {
    json p = parsed(t.private_data, json::object());
    auto it = p.is_object() ? p.find(key) : p.end();
    return it != p.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string video_status(const std::string& s) {
    if (s == "SUBMITTED" || s == "QUEUED" || s == "NOT_START") return "queued";
    if (s == "IN_PROGRESS") return "in_progress";
    if (s == "SUCCESS") return "completed";
    if (s == "FAILURE") return "failed";
    return "unknown";
}

}  // namespace

std::string upstream_task_id(const store::Task& t) {
    std::string id = private_str(t, "upstream_task_id");
    return id.empty() ? t.task_id : id;
}

std::string result_url(const store::Task& t) {
    return private_str(t, "result_url");
}

int64_t token_id_of(const store::Task& t) {
    json p = parsed(t.private_data, json::object());
    return p.is_object() && p.contains("token_id") && p["token_id"].is_number_integer() ? p["token_id"].get<int64_t>()
                                                                                        : 0;
}

const char* status_name(int s) {
    switch (s) {
        case GW_TASK_NOT_START:
            return "NOT_START";
        case GW_TASK_SUBMITTED:
            return "SUBMITTED";
        case GW_TASK_QUEUED:
            return "QUEUED";
        case GW_TASK_IN_PROGRESS:
            return "IN_PROGRESS";
        case GW_TASK_SUCCESS:
            return "SUCCESS";
        case GW_TASK_FAILURE:
            return "FAILURE";
    }
    return "UNKNOWN";
}

json task_dto(const store::Task& t) {
    return {{"id", t.id},
            {"created_at", t.created_at},
            {"updated_at", t.updated_at},
            {"task_id", t.task_id},
            {"platform", t.platform},
            {"user_id", t.user_id},
            {"group", t.group},
            {"channel_id", t.channel_id},
            {"quota", t.quota},
            {"action", t.action},
            {"status", t.status},
            {"fail_reason", t.fail_reason},
            {"result_url", result_url(t)},
            {"submit_time", t.submit_time},
            {"start_time", t.start_time},
            {"finish_time", t.finish_time},
            {"progress", t.progress},
            {"properties", parsed(t.properties, json::object())},
            {"data", parsed(t.data, nullptr)}};
}

json openai_video(const store::Task& t) {
    json props = parsed(t.properties, json::object());
    json v = {{"id", t.task_id},
              {"task_id", t.task_id},
              {"object", "video"},
              {"model", props.is_object() ? props.value("origin_model_name", "") : ""},
              {"status", video_status(t.status)},
              {"progress", std::atoi(t.progress.c_str())},
              {"created_at", t.submit_time}};
    json data = parsed(t.data, json::object());
    for (const char* key : {"seconds", "size", "quality"})
        if (data.is_object() && data.contains(key)) v[key] = data[key];
    if (t.finish_time) v["completed_at"] = t.finish_time;
    if (t.status == "FAILURE") v["error"] = {{"message", t.fail_reason}, {"code", "task_failed"}};
    std::string url = result_url(t);
    if (!url.empty()) v["metadata"] = {{"url", url}};
    return v;
}

json midjourney_dto(const store::Midjourney& m, bool forward, const std::string& server_address) {
    std::string image = m.image_url;
    if (!image.empty() && forward) {
        image = server_address + "/mj/image/" + m.mj_id;
        if (m.status != "SUCCESS")
            image += "?rand=" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
    }
    json d = {{"id", m.mj_id},
              {"action", m.action},
              {"prompt", m.prompt},
              {"promptEn", m.prompt_en},
              {"description", m.description},
              {"state", m.state},
              {"submitTime", m.submit_time},
              {"startTime", m.start_time},
              {"finishTime", m.finish_time},
              {"imageUrl", image},
              {"status", m.status},
              {"progress", m.progress},
              {"failReason", m.fail_reason}};
    if (!m.video_url.empty()) d["videoUrl"] = m.video_url;
    json buttons = parsed(m.buttons, json());
    if (buttons.is_array()) d["buttons"] = buttons;
    json video_urls = parsed(m.video_urls, json());
    if (video_urls.is_array()) d["videoUrls"] = video_urls;
    json props = parsed(m.properties, json());
    if (props.is_object()) d["properties"] = props;
    return d;
}

}  // namespace gw::task
