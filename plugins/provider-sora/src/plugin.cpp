// OpenAI's video API (Sora, channel type 55) as a task provider: POST {base}/v1/videos (JSON or
// the multipart form OpenAI's SDK sends), polls GET {base}/v1/videos/{id}, and the finished file
// from GET {base}/v1/videos/{id}/content, all with a Bearer key. Billed per call × seconds × a
// size ratio (1.666667 for 1792x1024 and 1024x1792), as estimated, then as the upstream accepted.
#include "form_fields.hpp"

#include <gw/cpp/json_depth.hpp>
#include <gw/cpp/plugin.hpp>
#include <gw/cpp/task.hpp>
#include <gw/cpp/upstream_helpers.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <string>

namespace {

using nlohmann::json;

constexpr int kMaxSeconds = 3600;

std::string str(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end()) return {};
    return it->is_string() ? it->get<std::string>() : it->is_number() ? it->dump() : std::string();
}

std::string field(const std::map<std::string, std::string>& f, const char* key) {
    auto it = f.find(key);
    return it == f.end() ? std::string() : it->second;
}

void report_ratios(const gw::TaskSink& out, const std::string& seconds_text, const std::string& size) {
    int seconds = std::clamp(std::atoi(seconds_text.c_str()), 0, kMaxSeconds);
    out.ratio("seconds", seconds > 0 ? seconds : 4);
    out.ratio("size", size == "1792x1024" || size == "1024x1792" ? 1.666667 : 1.0);
}

gw_task_state state_of(const std::string& s) {
    if (s == "queued") return GW_TASK_QUEUED;
    if (s == "in_progress") return GW_TASK_IN_PROGRESS;
    if (s == "completed") return GW_TASK_SUCCESS;
    if (s == "failed") return GW_TASK_FAILURE;
    return GW_TASK_UNKNOWN;
}

gw::TaskResult result_of(const json& v) {
    gw::TaskResult r;
    r.task_id = str(v, "id");
    r.action = "generate";
    r.state = state_of(str(v, "status"));
    r.progress = r.state == GW_TASK_SUCCESS ? 100 : v.value("progress", 0);
    if (v.contains("error") && v["error"].is_object()) r.fail_reason = str(v["error"], "message");
    if (r.state == GW_TASK_FAILURE && r.fail_reason.empty()) r.fail_reason = "video generation failed";
    r.data_json = v.dump();
    return r;
}

class SoraProvider final : public gw::TaskProvider {
public:
    explicit SoraProvider(std::string_view) : TaskProvider(1, true) {}

    gw_status estimate(const gw::RequestInfo& info, std::string_view body, const gw::TaskSink& out) override {
        auto f = sora::form_fields(info.client_header("content-type"), body);
        if (field(f, "prompt").empty()) {
            out.error().set(400, "invalid_request_error", "invalid_request", "prompt is required",
                            GW_ERRF_CLIENT_FAULT);
            return GW_ERR_BAD_ARGUMENT;
        }
        std::string model = field(f, "model");
        out.model(model.empty() ? "sora-2" : model);
        std::string seconds = field(f, "seconds");
        report_ratios(out, seconds.empty() ? field(f, "duration") : seconds, field(f, "size"));
        return GW_OK;
    }

    gw_status build_submit(gw::Request& req, std::string_view body, gw::UpstreamRequest& out,
                           const gw::ErrorSink&) override {
        std::string_view type = req.info.client_header("content-type");
        out.method("POST")
            .url(gw::join_url(req.info.base_url, "/v1/videos"))
            .header("Authorization", "Bearer " + std::string(req.info.api_key));
        if (type.find("multipart/form-data") != std::string_view::npos) {
            out.header("Content-Type", type).original_body();
            return GW_OK;
        }
        auto f = sora::form_fields(type, body);
        json up = {{"model", std::string(req.info.upstream_model)}, {"prompt", field(f, "prompt")}};
        std::string seconds = field(f, "seconds").empty() ? field(f, "duration") : field(f, "seconds");
        if (!seconds.empty()) up["seconds"] = seconds;
        if (!field(f, "size").empty()) up["size"] = field(f, "size");
        out.header("Content-Type", "application/json").body(up.dump());
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
        out.result(result_of(v));
        if (v.contains("seconds") || v.contains("size")) report_ratios(out, str(v, "seconds"), str(v, "size"));
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
            .url(gw::join_url(info.base_url, "/v1/videos/" + ids[0].get<std::string>()))
            .header("Authorization", "Bearer " + std::string(info.api_key));
        return GW_OK;
    }

    gw_status parse_fetch(const gw::RequestInfo&, int status, std::string_view body, const gw::TaskSink& out) override {
        json v = gw::parse_json_bounded<json>(body);
        if (status != 200 || !v.is_object() || str(v, "id").empty()) {
            out.error().set(status == 200 ? 502 : status, "upstream_error", "", "video fetch answered " +
                            std::to_string(status), gw::error_flags_for_status(status));
            return GW_ERR_UPSTREAM;
        }
        out.result(result_of(v));
        return GW_OK;
    }

    gw_status build_content(const gw::RequestInfo& info, std::string_view id, gw::UpstreamRequest& out,
                            const gw::ErrorSink&) override {
        out.method("GET")
            .url(gw::join_url(info.base_url, "/v1/videos/" + std::string(id) + "/content"))
            .header("Authorization", "Bearer " + std::string(info.api_key));
        return GW_OK;
    }
};

gw::PluginDefinition define() {
    gw::ProviderSpec spec;
    spec.id = "org.newapi.provider.sora";
    spec.name = "OpenAI video (Sora)";
    spec.version = "1.0.0";
    spec.channel_types = {{55, "Sora", "https://api.openai.com", {"sora-2", "sora-2-pro"}}};
    spec.capabilities = {"task", "task.video"};
    gw::PluginDefinition def;
    def.provider<SoraProvider>(spec);
    return def;
}

}  // namespace

GW_PLUGIN("org.newapi.provider.sora", "1.0.0", define)
