// Doubao Seedance video on Volcengine Ark (channel type 54) as a task provider: the client's
// {model, prompt, image, duration} becomes Ark's {model, content:[text, image_url]} at
// POST {base}/api/v3/contents/generations/tasks; polls GET .../tasks/{id}. Billed per call ×
// seconds: the requested duration on submit, the duration Ark reports when the video is done.
#include <gw/cpp/json_depth.hpp>
#include <gw/cpp/plugin.hpp>
#include <gw/cpp/task.hpp>
#include <gw/cpp/upstream_helpers.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>

namespace {

using nlohmann::json;

constexpr int kDefaultSeconds = 5, kMaxSeconds = 3600;

std::string str(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "duration" or "seconds", as a number or a numeric string; 0 when absent.
int seconds_of(const json& b) {
    for (const char* key : {"duration", "seconds"}) {
        auto it = b.find(key);
        if (it == b.end()) continue;
        int s = it->is_number() ? it->get<int>() : it->is_string() ? std::atoi(it->get<std::string>().c_str()) : 0;
        if (s > 0) return std::min(s, kMaxSeconds);
    }
    return 0;
}

gw_task_state state_of(const std::string& s) {
    if (s == "queued") return GW_TASK_QUEUED;
    if (s == "running") return GW_TASK_IN_PROGRESS;
    if (s == "succeeded") return GW_TASK_SUCCESS;
    if (s == "failed" || s == "cancelled" || s == "expired") return GW_TASK_FAILURE;
    return GW_TASK_UNKNOWN;
}

class DoubaoVideoProvider final : public gw::TaskProvider {
public:
    explicit DoubaoVideoProvider(std::string_view) : TaskProvider(1, false) {}

    gw_status estimate(const gw::RequestInfo&, std::string_view body, const gw::TaskSink& out) override {
        json b = gw::parse_json_bounded<json>(body);
        if (!b.is_object() || str(b, "prompt").empty() || str(b, "model").empty()) {
            out.error().set(400, "invalid_request_error", "invalid_request",
                            b.is_object() && str(b, "model").empty() ? "model is required" : "prompt is required",
                            GW_ERRF_CLIENT_FAULT);
            return GW_ERR_BAD_ARGUMENT;
        }
        out.model(str(b, "model"));
        int s = seconds_of(b);
        out.ratio("seconds", s > 0 ? s : kDefaultSeconds);
        return GW_OK;
    }

    gw_status build_submit(gw::Request& req, std::string_view body, gw::UpstreamRequest& out,
                           const gw::ErrorSink&) override {
        json b = gw::parse_json_bounded<json>(body);
        std::string text = str(b, "prompt");
        if (int s = seconds_of(b)) text += " --dur " + std::to_string(s);
        json content = json::array({{{"type", "text"}, {"text", text}}});
        std::string image = str(b, "image");
        if (!image.empty()) content.push_back({{"type", "image_url"}, {"image_url", {{"url", image}}}});
        json up = {{"model", std::string(req.info.upstream_model)}, {"content", content}};
        out.method("POST")
            .url(gw::join_url(req.info.base_url, "/api/v3/contents/generations/tasks"))
            .header("Authorization", "Bearer " + std::string(req.info.api_key))
            .header("Content-Type", "application/json")
            .body(up.dump());
        return GW_OK;
    }

    gw_status parse_submit(gw::Request&, int status, std::string_view body, const gw::TaskSink& out) override {
        json v = gw::parse_json_bounded<json>(body);
        if (status != 200 || !v.is_object() || str(v, "id").empty()) {
            std::string message = v.is_object() && v.contains("error") && v["error"].is_object()
                                      ? str(v["error"], "message")
                                      : "upstream answered " + std::to_string(status);
            out.error().set(status == 200 ? 502 : status, "upstream_error", "fail_to_submit_task", message,
                            gw::error_flags_for_status(status));
            return GW_ERR_UPSTREAM;
        }
        gw::TaskResult r;
        r.task_id = str(v, "id");
        r.action = "generate";
        r.state = GW_TASK_SUBMITTED;
        r.data_json = v.dump();
        out.result(r);
        return GW_OK;
    }

    gw_status build_fetch(const gw::RequestInfo& info, std::string_view ids_json, gw::UpstreamRequest& out,
                          const gw::ErrorSink& err) override {
        json ids = gw::parse_json_bounded<json>(ids_json);
        if (!ids.is_array() || ids.size() != 1 || !ids[0].is_string()) {
            err.set(400, "invalid_request_error", "", "one id per fetch", 0);
            return GW_ERR_BAD_ARGUMENT;
        }
        out.method("GET")
            .url(gw::join_url(info.base_url, "/api/v3/contents/generations/tasks/" + ids[0].get<std::string>()))
            .header("Authorization", "Bearer " + std::string(info.api_key));
        return GW_OK;
    }

    gw_status parse_fetch(const gw::RequestInfo&, int status, std::string_view body, const gw::TaskSink& out) override {
        json v = gw::parse_json_bounded<json>(body);
        if (status != 200 || !v.is_object() || str(v, "id").empty()) {
            out.error().set(status == 200 ? 502 : status, "upstream_error", "", "task fetch answered " +
                            std::to_string(status), gw::error_flags_for_status(status));
            return GW_ERR_UPSTREAM;
        }
        gw::TaskResult r;
        r.task_id = str(v, "id");
        r.action = "generate";
        r.state = state_of(str(v, "status"));
        r.progress = r.state == GW_TASK_SUCCESS ? 100 : 0;
        if (v.contains("content") && v["content"].is_object()) r.result_url = str(v["content"], "video_url");
        if (v.contains("error") && v["error"].is_object()) r.fail_reason = str(v["error"], "message");
        if (r.state == GW_TASK_FAILURE && r.fail_reason.empty()) r.fail_reason = "task " + str(v, "status");
        r.data_json = v.dump();
        out.result(r);
        if (r.state == GW_TASK_SUCCESS && seconds_of(v) > 0) out.ratio("seconds", seconds_of(v));
        return GW_OK;
    }
};

gw::PluginDefinition define() {
    gw::ProviderSpec spec;
    spec.id = "org.newapi.provider.doubao-video";
    spec.name = "Doubao Seedance video";
    spec.version = "1.0.0";
    spec.channel_types = {{54, "DoubaoVideo", "https://ark.cn-beijing.volces.com",
                           {"doubao-seedance-1-0-pro-250528", "doubao-seedance-1-0-lite-t2v-250428"}}};
    spec.capabilities = {"task", "task.video"};
    gw::PluginDefinition def;
    def.provider<DoubaoVideoProvider>(spec);
    return def;
}

}  // namespace

GW_PLUGIN("org.newapi.provider.doubao-video", "1.0.0", define)
