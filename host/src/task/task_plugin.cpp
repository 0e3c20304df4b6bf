#include "task/task_plugin.hpp"

#include "plugin/abi_str.hpp"
#include "store/entities.hpp"

#include <cstddef>
#include <cstring>

namespace gw::task {
namespace {

using plugin::from_abi;

struct Collector {
    TaskReport& r;
    gw_error_sink err;
    gw_task_sink sink;

    explicit Collector(TaskReport& report) : r(report), err(relay::error_sink(report.error)) {
        sink = gw_task_sink{
            sizeof(gw_task_sink),
            this,
            &on_result,
            &on_ratio,
            &on_client_body,
            &err,
            [](void* c, gw_str m) {
                auto& rep = static_cast<Collector*>(c)->r;
                rep.model = std::string(from_abi(m));
                rep.model_set = true;
            },
            [](void* c, gw_str id) { static_cast<Collector*>(c)->r.origin_task = std::string(from_abi(id)); }};
    }

    static void GW_ABI on_result(void* c, const gw_task_result* in) {
        gw_task_result t{};
        std::memcpy(&t, in, std::min<size_t>(in->struct_size, sizeof t));
        TaskReport::Result out;
        out.state = t.state;
        out.progress = t.progress < 0 ? 0 : t.progress > 100 ? 100 : t.progress;
        out.task_id = std::string(from_abi(t.task_id));
        out.action = std::string(from_abi(t.action));
        out.result_url = std::string(from_abi(t.result_url));
        out.fail_reason = std::string(from_abi(t.fail_reason));
        out.data_json = std::string(from_abi(t.data_json));
        static_cast<Collector*>(c)->r.results.push_back(std::move(out));
    }
    static void GW_ABI on_ratio(void* c, gw_str name, double value) {
        auto& rep = static_cast<Collector*>(c)->r;
        std::string key(from_abi(name));
        rep.ratios[key] = value;
        if (!rep.results.empty()) rep.results.back().ratios[key] = value;
    }
    static void GW_ABI on_client_body(void* c, int32_t status, gw_str body) {
        auto& rep = static_cast<Collector*>(c)->r;
        rep.has_client_body = true;
        rep.client_status = status;
        rep.client_body = std::string(from_abi(body));
    }
};

template <class Call>
TaskReport collect(Call&& call) {
    TaskReport r;
    Collector c(r);
    r.status = call(&c.sink);
    return r;
}

}  // namespace

const gw_task_provider* task_extension(const gw_provider* p) {
    if (!p || !p->get_extension) return nullptr;
    auto* t = static_cast<const gw_task_provider*>(p->get_extension(p, GW_EXT_TASK));
    if (!t || t->struct_size < offsetof(gw_task_provider, parse_fetch) + sizeof(void*)) return nullptr;
    return t;
}

int fetch_batch(const gw_task_provider* t) {
    if (t->struct_size < offsetof(gw_task_provider, fetch_batch) + sizeof(int32_t)) return 1;
    return t->fetch_batch > 0 ? t->fetch_batch : 1;
}

bool has_content(const gw_task_provider* t) {
    return t->struct_size >= offsetof(gw_task_provider, build_content) + sizeof(void*) && t->build_content;
}

TaskInfo::TaskInfo(const store::Channel& channel, std::string base_url, std::string key, std::string origin_model,
                   std::string upstream_model, std::string client_path,
                   std::vector<std::pair<std::string, std::string>> headers, std::string request_id)
    : base_url_(std::move(base_url)),
      key_(std::move(key)),
      origin_model_(std::move(origin_model)),
      upstream_model_(std::move(upstream_model)),
      client_path_(std::move(client_path)),
      request_id_(std::move(request_id)),
      header_text_(std::move(headers)) {
    for (const auto& [n, v] : header_text_) headers_.push_back({plugin::to_abi(n), plugin::to_abi(v)});
    info_.struct_size = sizeof(gw_request_info);
    info_.api = GW_API_TASK;
    info_.channel_type = channel.type;
    info_.channel_id = channel.id;
    info_.origin_model = plugin::to_abi(origin_model_);
    info_.upstream_model = plugin::to_abi(upstream_model_);
    info_.base_url = plugin::to_abi(base_url_);
    info_.api_key = plugin::to_abi(key_);
    info_.request_id = plugin::to_abi(request_id_);
    info_.client_path = plugin::to_abi(client_path_);
    info_.client_headers = headers_.data();
    info_.n_client_headers = headers_.size();
}

TaskReport estimate(const gw_provider* p, const gw_task_provider* t, const gw_request_info* info,
                    std::string_view body) {
    return collect([&](const gw_task_sink* s) { return t->estimate(p, info, plugin::to_abi(body), s); });
}

TaskReport parse_submit(const gw_provider* p, const gw_task_provider* t, void* req, int status, std::string_view body) {
    return collect([&](const gw_task_sink* s) { return t->parse_submit(p, req, status, plugin::to_abi(body), s); });
}

TaskReport parse_fetch(const gw_provider* p, const gw_task_provider* t, const gw_request_info* info, int status,
                       std::string_view body) {
    return collect([&](const gw_task_sink* s) { return t->parse_fetch(p, info, status, plugin::to_abi(body), s); });
}

}  // namespace gw::task
