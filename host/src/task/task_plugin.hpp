// The host's side of a provider's task extension (gw/abi/task.h): the request info it is given,
// and everything estimate, parse_submit and parse_fetch report, collected.
#pragma once

#include "relay/provider_calls.hpp"

#include <gw/abi/task.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace gw::store {
struct Channel;
}

namespace gw::task {

// The extension of a provider, or null when it has none.
const gw_task_provider* task_extension(const gw_provider* p);
int fetch_batch(const gw_task_provider* t);  // 1 for a 1.0 plugin
bool has_content(const gw_task_provider* t);

struct TaskReport {
    gw_status status = GW_OK;
    std::string model, origin_task;
    bool model_set = false;
    std::map<std::string, double> ratios;  // every ratio reported
    struct Result {
        gw_task_state state = GW_TASK_UNKNOWN;
        int progress = 0;
        std::string task_id, action, result_url, fail_reason, data_json;
        std::map<std::string, double> ratios;  // reported after this result
    };
    std::vector<Result> results;
    bool has_client_body = false;
    int client_status = 0;
    std::string client_body;
    relay::ProviderError error;
};

// A gw_request_info whose strings live here.
class TaskInfo {
public:
    TaskInfo(const store::Channel& channel, std::string base_url, std::string key, std::string origin_model,
             std::string upstream_model, std::string client_path,
             std::vector<std::pair<std::string, std::string>> headers, std::string request_id);
    const gw_request_info* get() const { return &info_; }

private:
    std::string base_url_, key_, origin_model_, upstream_model_, client_path_, request_id_;
    std::vector<std::pair<std::string, std::string>> header_text_;
    std::vector<gw_header> headers_;
    gw_request_info info_{};
};

TaskReport estimate(const gw_provider* p, const gw_task_provider* t, const gw_request_info* info,
                    std::string_view body);
TaskReport parse_submit(const gw_provider* p, const gw_task_provider* t, void* req, int status, std::string_view body);
TaskReport parse_fetch(const gw_provider* p, const gw_task_provider* t, const gw_request_info* info, int status,
                       std::string_view body);

}  // namespace gw::task
