// The fake host's side of the task extension, for task plugins' unit tests: estimate, submit and
// fetch through a provider's GW_EXT_TASK vtable, with everything the plugin reported recorded.
#pragma once

#include <gw/abi/task.h>
#include <gw/cpp/testing.hpp>

#include <map>
#include <string>
#include <vector>

namespace gw::testing {

struct TaskReport {
    gw_status status = GW_OK;
    std::string model, origin_task;
    std::map<std::string, double> ratios;
    struct Result {
        gw_task_state state;
        int progress;
        std::string task_id, action, result_url, fail_reason, data_json;
    };
    std::vector<Result> results;
    int client_status = 0;
    std::string client_body;
    ErrorRecord error;
};

// One task submit (and polls) through one provider instance.
class TaskCall {
public:
    TaskCall(const gw_provider* provider, RequestSpec spec) : p_(provider), spec_(std::move(spec)) {
        spec_.api = GW_API_TASK;
        task_ = static_cast<const gw_task_provider*>(p_->get_extension(p_, GW_EXT_TASK));
        if (!task_) throw std::runtime_error("no task extension");
        for (const auto& [n, v] : spec_.client_headers) headers_.push_back(gw_header{to_str(n), to_str(v)});
        info_ = gw_request_info{sizeof(gw_request_info),
                                spec_.api,
                                GW_WIRE_NONE,
                                GW_WIRE_NONE,
                                0,
                                0,
                                spec_.channel_type,
                                spec_.channel_id,
                                to_str(spec_.origin_model),
                                to_str(spec_.upstream_model.empty() ? spec_.origin_model : spec_.upstream_model),
                                to_str(spec_.base_url),
                                to_str(spec_.api_key),
                                to_str(spec_.request_id),
                                to_str(spec_.client_path),
                                headers_.data(),
                                headers_.size(),
                                nullptr};
    }
    ~TaskCall() {
        if (req_) p_->end(p_, req_);
    }
    TaskCall(const TaskCall&) = delete;
    TaskCall& operator=(const TaskCall&) = delete;

    const gw_task_provider& vtable() const { return *task_; }

    TaskReport estimate(std::string_view body) {
        TaskReport r;
        Sink s(r);
        r.status = task_->estimate(p_, &info_, to_str(body), &s.sink);
        return r;
    }
    BuiltRequest submit(std::string_view body) {
        if (!req_ && p_->begin(p_, &info_, &req_) != GW_OK) throw std::runtime_error("begin failed");
        return build([&](const gw_upstream_sink* u, const gw_error_sink* e) {
            return task_->build_submit(p_, req_, to_str(body), u, e);
        });
    }
    TaskReport submit_answer(int status, std::string_view body) {
        TaskReport r;
        Sink s(r);
        r.status = task_->parse_submit(p_, req_, status, to_str(body), &s.sink);
        return r;
    }
    BuiltRequest fetch(std::string_view ids_json) {
        return build([&](const gw_upstream_sink* u, const gw_error_sink* e) {
            return task_->build_fetch(p_, &info_, to_str(ids_json), u, e);
        });
    }
    TaskReport fetch_answer(int status, std::string_view body) {
        TaskReport r;
        Sink s(r);
        r.status = task_->parse_fetch(p_, &info_, status, to_str(body), &s.sink);
        return r;
    }
    BuiltRequest content(std::string_view upstream_id) {
        return build([&](const gw_upstream_sink* u, const gw_error_sink* e) {
            return task_->build_content(p_, &info_, to_str(upstream_id), u, e);
        });
    }

private:
    struct Sink {
        explicit Sink(TaskReport& r) : r(r) {
            err = gw_error_sink{sizeof(gw_error_sink), &r.error, &record_error};
            sink = gw_task_sink{
                sizeof(gw_task_sink),
                this,
                [](void* c, const gw_task_result* res) {
                    gw_task_result t = read_sized(res);
                    static_cast<Sink*>(c)->r.results.push_back(
                        {t.state, t.progress, to_string(t.task_id), to_string(t.action), to_string(t.result_url),
                         to_string(t.fail_reason), to_string(t.data_json)});
                },
                [](void* c, gw_str name, double v) { static_cast<Sink*>(c)->r.ratios[to_string(name)] = v; },
                [](void* c, int32_t status, gw_str body) {
                    static_cast<Sink*>(c)->r.client_status = status;
                    static_cast<Sink*>(c)->r.client_body = to_string(body);
                },
                &err,
                [](void* c, gw_str m) { static_cast<Sink*>(c)->r.model = to_string(m); },
                [](void* c, gw_str id) { static_cast<Sink*>(c)->r.origin_task = to_string(id); }};
        }
        TaskReport& r;
        gw_error_sink err{};
        gw_task_sink sink{};
    };

    template <class Fn>
    BuiltRequest build(Fn&& call) {
        BuiltRequest out;
        gw_upstream_sink sink{sizeof(gw_upstream_sink),
                              &out,
                              [](void* c, gw_str m) { static_cast<BuiltRequest*>(c)->method = to_string(m); },
                              [](void* c, gw_str u) { static_cast<BuiltRequest*>(c)->url = to_string(u); },
                              [](void* c, gw_str n, gw_str v) {
                                  static_cast<BuiltRequest*>(c)->headers.push_back({to_string(n), to_string(v)});
                              },
                              [](void* c, gw_str b) { static_cast<BuiltRequest*>(c)->body += to_view(b); },
                              [](void* c) { static_cast<BuiltRequest*>(c)->original_body = true; },
                              [](void* c, gw_framing f) { static_cast<BuiltRequest*>(c)->framing = f; }};
        gw_error_sink err{sizeof(gw_error_sink), &out.error, &record_error};
        out.status = call(&sink, &err);
        return out;
    }

    const gw_provider* p_;
    RequestSpec spec_;
    const gw_task_provider* task_ = nullptr;
    std::vector<gw_header> headers_;
    gw_request_info info_{};
    void* req_ = nullptr;
};

}  // namespace gw::testing
