// Task providers (Midjourney, Suno, video): derive from TaskProvider instead of Provider and
// implement the task hooks; the task extension's vtable is built here. Every thunk catches
// exceptions, so nothing but a status code crosses the C boundary.
#pragma once

#include <gw/abi/task.h>
#include <gw/cpp/provider.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace gw {

// One task's state as an upstream reported it.
struct TaskResult {
    gw_task_state state = GW_TASK_UNKNOWN;
    int progress = 0;  // percent
    std::string task_id, action, result_url, fail_reason, data_json;
};

// Where estimate, parse_submit and parse_fetch report; calls the host does not offer are skipped.
class TaskSink {
public:
    explicit TaskSink(const gw_task_sink* sink) noexcept : sink_(sink) {}
    void result(const TaskResult& r) const noexcept {
        gw_task_result out{sizeof(gw_task_result), r.state,
                           r.progress,             to_str(r.task_id),
                           to_str(r.action),       to_str(r.result_url),
                           to_str(r.fail_reason),  to_str(r.data_json)};
        sink_->set_result(sink_->ctx, &out);
    }
    void ratio(std::string_view name, double value) const noexcept { sink_->set_ratio(sink_->ctx, to_str(name), value); }
    void client_body(int status, std::string_view body) const noexcept {
        sink_->set_client_body(sink_->ctx, status, to_str(body));
    }
    void model(std::string_view name) const noexcept {
        if (has(offsetof(gw_task_sink, set_model))) sink_->set_model(sink_->ctx, to_str(name));
    }
    void origin_task(std::string_view upstream_id) const noexcept {
        if (has(offsetof(gw_task_sink, set_origin_task))) sink_->set_origin_task(sink_->ctx, to_str(upstream_id));
    }
    ErrorSink error() const noexcept { return ErrorSink(sink_->error); }

private:
    bool has(size_t offset) const noexcept { return sink_->struct_size >= offset + sizeof(void*); }
    const gw_task_sink* sink_;
};

class TaskProvider : public Provider {
public:
    // fetch_batch: how many upstream ids one fetch may carry; has_content: the result needs an
    // authenticated download (build_content is overridden).
    explicit TaskProvider(int fetch_batch = 1, bool has_content = false);

    virtual gw_status estimate(const RequestInfo& info, std::string_view body, const TaskSink& out) = 0;
    virtual gw_status build_submit(Request& req, std::string_view body, UpstreamRequest& out,
                                   const ErrorSink& err) = 0;
    virtual gw_status parse_submit(Request& req, int status, std::string_view body, const TaskSink& out) = 0;
    virtual gw_status build_fetch(const RequestInfo& info, std::string_view ids_json, UpstreamRequest& out,
                                  const ErrorSink& err) = 0;
    virtual gw_status parse_fetch(const RequestInfo& info, int status, std::string_view body,
                                  const TaskSink& out) = 0;
    virtual gw_status build_content(const RequestInfo&, std::string_view, UpstreamRequest&, const ErrorSink&) {
        return GW_ERR_UNSUPPORTED;
    }

    // A task provider serves no synchronous relay route.
    gw_status build_request(Request&, std::string_view, UpstreamRequest&, const ErrorSink& err) override {
        err.set(400, "invalid_request_error", "unsupported_api", "this channel serves asynchronous tasks only",
                GW_ERRF_CLIENT_FAULT);
        return GW_ERR_UNSUPPORTED;
    }
    gw_status parse_response(Request&, int, std::string_view, const Output&) override { return GW_ERR_UNSUPPORTED; }
    const void* extension(const char* id) override;

    static TaskProvider* task_self(const gw_provider* p) noexcept {
        return static_cast<TaskProvider*>(Provider::self(p));
    }

private:
    gw_task_provider task_vtable_{};
};

namespace detail {

inline gw_status GW_ABI task_estimate(const gw_provider* p, const gw_request_info* info, gw_str body,
                                      const gw_task_sink* out) {
    try {
        return TaskProvider::task_self(p)->estimate(RequestInfo::from(info), to_view(body), TaskSink(out));
    }
    GW_CATCH_(out->error)
}

inline gw_status GW_ABI task_build_submit(const gw_provider* p, void* req, gw_str body, const gw_upstream_sink* out,
                                          const gw_error_sink* err) {
    try {
        UpstreamRequest up(out);
        return TaskProvider::task_self(p)->build_submit(*static_cast<Request*>(req), to_view(body), up,
                                                        ErrorSink(err));
    }
    GW_CATCH_(err)
}

inline gw_status GW_ABI task_parse_submit(const gw_provider* p, void* req, int32_t status, gw_str body,
                                          const gw_task_sink* out) {
    try {
        return TaskProvider::task_self(p)->parse_submit(*static_cast<Request*>(req), status, to_view(body),
                                                        TaskSink(out));
    }
    GW_CATCH_(out->error)
}

inline gw_status GW_ABI task_build_fetch(const gw_provider* p, const gw_request_info* info, gw_str ids,
                                         const gw_upstream_sink* out, const gw_error_sink* err) {
    try {
        UpstreamRequest up(out);
        return TaskProvider::task_self(p)->build_fetch(RequestInfo::from(info), to_view(ids), up, ErrorSink(err));
    }
    GW_CATCH_(err)
}

inline gw_status GW_ABI task_parse_fetch(const gw_provider* p, const gw_request_info* info, int32_t status,
                                         gw_str body, const gw_task_sink* out) {
    try {
        return TaskProvider::task_self(p)->parse_fetch(RequestInfo::from(info), status, to_view(body),
                                                       TaskSink(out));
    }
    GW_CATCH_(out->error)
}

inline gw_status GW_ABI task_build_content(const gw_provider* p, const gw_request_info* info, gw_str id,
                                           const gw_upstream_sink* out, const gw_error_sink* err) {
    try {
        UpstreamRequest up(out);
        return TaskProvider::task_self(p)->build_content(RequestInfo::from(info), to_view(id), up, ErrorSink(err));
    }
    GW_CATCH_(err)
}

}  // namespace detail

inline TaskProvider::TaskProvider(int fetch_batch, bool has_content) {
    task_vtable_.struct_size = sizeof(gw_task_provider);
    task_vtable_.fetch_batch = fetch_batch;
    task_vtable_.build_content = has_content ? &detail::task_build_content : nullptr;
    task_vtable_.estimate = &detail::task_estimate;
    task_vtable_.build_submit = &detail::task_build_submit;
    task_vtable_.parse_submit = &detail::task_parse_submit;
    task_vtable_.build_fetch = &detail::task_build_fetch;
    task_vtable_.parse_fetch = &detail::task_parse_fetch;
}

inline const void* TaskProvider::extension(const char* id) {
    return std::string_view(id) == GW_EXT_TASK ? &task_vtable_ : nullptr;
}

}  // namespace gw
