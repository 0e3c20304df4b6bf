// Suno API (channel type 36) as a task provider: POST {base}/suno/submit/{music|lyrics} with a
// Bearer key answers {code:"success", data:"<task id>"}; polls POST {base}/suno/fetch with up to
// 100 ids and read each task's status and clips.
#include <gw/cpp/json_depth.hpp>
#include <gw/cpp/plugin.hpp>
#include <gw/cpp/task.hpp>
#include <gw/cpp/upstream_helpers.hpp>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <string>

namespace {

using nlohmann::json;

json parse(std::string_view text) {
    return gw::parse_json_bounded<json>(text);
}

std::string str(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "music" or "lyrics" from "/suno/submit/{action}"; empty for anything else.
std::string action_of(std::string_view path) {
    constexpr std::string_view prefix = "/suno/submit/";
    size_t at = path.find(prefix);
    if (at == std::string_view::npos) return {};
    std::string a(path.substr(at + prefix.size()));
    a = a.substr(0, a.find('?'));
    for (char& c : a) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return a == "music" || a == "lyrics" ? a : std::string();
}

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

gw_task_state state_of(const std::string& s) {
    if (s == "NOT_START") return GW_TASK_NOT_START;
    if (s == "SUBMITTED") return GW_TASK_SUBMITTED;
    if (s == "QUEUED") return GW_TASK_QUEUED;
    if (s == "IN_PROGRESS") return GW_TASK_IN_PROGRESS;
    if (s == "SUCCESS") return GW_TASK_SUCCESS;
    if (s == "FAILURE") return GW_TASK_FAILURE;
    return GW_TASK_UNKNOWN;
}

gw_status refuse(const gw::ErrorSink& err, const std::string& code, const std::string& message) {
    err.set(400, "invalid_request_error", code, message, GW_ERRF_CLIENT_FAULT);
    return GW_ERR_BAD_ARGUMENT;
}

class SunoProvider final : public gw::TaskProvider {
public:
    explicit SunoProvider(std::string_view) : TaskProvider(100, false) {}

    gw_status estimate(const gw::RequestInfo& info, std::string_view body, const gw::TaskSink& out) override {
        std::string action = action_of(info.client_path);
        if (action.empty()) return refuse(out.error(), "invalid_api_action", "invalid_api_action");
        json b = parse(body);
        if (!b.is_object()) return refuse(out.error(), "invalid_request", "invalid request body");
        bool described = !str(b, "gpt_description_prompt").empty();
        if (str(b, "prompt").empty() && !(action == "music" && described))
            return refuse(out.error(), "invalid_request", "prompt is required");
        out.model("suno_" + action);
        return GW_OK;
    }

    gw_status build_submit(gw::Request& req, std::string_view, gw::UpstreamRequest& out,
                           const gw::ErrorSink&) override {
        out.method("POST")
            .url(gw::join_url(req.info.base_url, "/suno/submit/" + action_of(req.info.client_path)))
            .header("Authorization", "Bearer " + std::string(req.info.api_key))
            .header("Content-Type", "application/json")
            .original_body();
        return GW_OK;
    }

    gw_status parse_submit(gw::Request& req, int status, std::string_view body, const gw::TaskSink& out) override {
        json b = parse(body);
        if (status != 200 || !b.is_object() || str(b, "code") != "success" || str(b, "data").empty()) {
            std::string message = b.is_object() && !str(b, "message").empty() ? str(b, "message")
                                                                               : "upstream answered " + std::to_string(status);
            out.error().set(status == 200 ? 500 : status, "upstream_error",
                            b.is_object() && !str(b, "code").empty() ? str(b, "code") : "fail_to_submit_task",
                            message, gw::error_flags_for_status(status));
            return GW_ERR_UPSTREAM;
        }
        gw::TaskResult r;
        r.task_id = str(b, "data");
        r.action = upper(action_of(req.info.client_path));
        r.state = GW_TASK_SUBMITTED;
        out.result(r);
        return GW_OK;
    }

    gw_status build_fetch(const gw::RequestInfo& info, std::string_view ids_json, gw::UpstreamRequest& out,
                          const gw::ErrorSink&) override {
        out.method("POST")
            .url(gw::join_url(info.base_url, "/suno/fetch"))
            .header("Authorization", "Bearer " + std::string(info.api_key))
            .header("Content-Type", "application/json")
            .body("{\"ids\":" + std::string(ids_json) + ",\"action\":\"\"}");
        return GW_OK;
    }

    gw_status parse_fetch(const gw::RequestInfo&, int status, std::string_view body, const gw::TaskSink& out) override {
        json b = parse(body);
        if (status != 200 || !b.is_object() || !b.value("data", json()).is_array()) {
            out.error().set(status == 200 ? 502 : status, "upstream_error", "", "suno fetch answered " +
                            std::to_string(status), gw::error_flags_for_status(status));
            return GW_ERR_UPSTREAM;
        }
        for (const auto& t : b["data"]) {
            if (!t.is_object() || str(t, "task_id").empty()) continue;
            gw::TaskResult r;
            r.task_id = str(t, "task_id");
            r.action = str(t, "action");
            r.state = state_of(str(t, "status"));
            r.progress = r.state == GW_TASK_SUCCESS ? 100 : std::atoi(str(t, "progress").c_str());
            r.fail_reason = str(t, "fail_reason");
            r.data_json = t.contains("data") ? t["data"].dump() : "null";
            out.result(r);
        }
        return GW_OK;
    }
};

gw::PluginDefinition define() {
    gw::ProviderSpec spec;
    spec.id = "org.newapi.provider.suno";
    spec.name = "Suno API";
    spec.version = "1.0.0";
    spec.channel_types = {{36, "SunoAPI", "", {"suno_music", "suno_lyrics"}}};
    spec.capabilities = {"task", "task.suno"};
    gw::PluginDefinition def;
    def.provider<SunoProvider>(spec);
    return def;
}

}  // namespace

GW_PLUGIN("org.newapi.provider.suno", "1.0.0", define)
