// Midjourney-Proxy (channel type 2) and Midjourney-Proxy-Plus (5) as a task provider: submits go
// to {base}{path} with the channel key in `mj-api-secret`; polls read
// {base}/mj/task/list-by-condition for up to 100 ids at once. Answers keep MJ-Proxy's
// {code, description, result, properties} envelope; codes 21 (exists) and 22 (queued) count as
// submitted and reach the client as 1.
#include "mj_action.hpp"

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

gw_task_state state_of(const std::string& status) {
    if (status == "NOT_START") return GW_TASK_NOT_START;
    if (status == "SUBMITTED") return GW_TASK_SUBMITTED;
    if (status == "IN_PROGRESS" || status == "MODAL") return GW_TASK_IN_PROGRESS;
    if (status == "SUCCESS") return GW_TASK_SUCCESS;
    if (status == "FAILURE") return GW_TASK_FAILURE;
    return GW_TASK_UNKNOWN;
}

int percent(const std::string& progress) {
    return std::atoi(progress.c_str());
}

gw_status refuse(const gw::ErrorSink& err, const std::string& description) {
    err.set(400, "upstream_error", "4", description, GW_ERRF_CLIENT_FAULT);
    return GW_ERR_BAD_ARGUMENT;
}

// The submit's client answer: MJ-Proxy's body, with "exists"/"queued" shown as submitted.
std::string client_answer(std::string body, int code, const std::string& action) {
    bool rewrite = code == 22 || (code == 21 && action != "INPAINT" && action != "CUSTOM_ZOOM");
    if (!rewrite) return body;
    std::string from = "\"code\":" + std::to_string(code);
    for (size_t at = body.find(from); at != std::string::npos; at = body.find(from, at + 8))
        body.replace(at, from.size(), "\"code\":1");
    return body;
}

class MidjourneyProvider final : public gw::TaskProvider {
public:
    explicit MidjourneyProvider(std::string_view) : TaskProvider(100, false) {}

    gw_status estimate(const gw::RequestInfo& info, std::string_view body, const gw::TaskSink& out) override {
        json b = body.empty() ? json::object() : parse(body);
        if (!b.is_object()) return refuse(out.error(), "bind_request_body_failed");
        mj::Call c = mj::read_call(info.client_path, b);
        if (!c.error.empty()) return refuse(out.error(), c.error);
        out.model(c.model);
        if (!c.origin.empty()) out.origin_task(c.origin);
        return GW_OK;
    }

    std::unique_ptr<gw::Request> begin(const gw::RequestInfo& info) override {
        return std::make_unique<MjRequest>(info);
    }

    gw_status build_submit(gw::Request& req, std::string_view body, gw::UpstreamRequest& out,
                           const gw::ErrorSink&) override {
        bool read = body.empty();
        json b = read ? json::object() : parse(body);
        static_cast<MjRequest&>(req).action = mj::read_call(req.info.client_path, b.is_object() ? b : json::object()).action;
        out.method(read ? "GET" : "POST")
            .url(gw::join_url(req.info.base_url, mj::upstream_path(req.info.client_path)))
            .header("mj-api-secret", req.info.api_key);
        if (!read) out.header("Content-Type", "application/json").original_body();
        return GW_OK;
    }

    gw_status parse_submit(gw::Request& req, int status, std::string_view body, const gw::TaskSink& out) override {
        json b = parse(body);
        auto& r_state = static_cast<MjRequest&>(req);
        if (r_state.action.empty()) {  // a read (image-seed): passed through
            out.client_body(status, body);
            return GW_OK;
        }
        if (status != 200 || !b.is_object() || !b.contains("code")) {
            out.error().set(status == 200 ? 502 : status, "upstream_error", "4",
                            "fail_to_fetch_midjourney status_code: " + std::to_string(status),
                            gw::error_flags_for_status(status));
            return GW_ERR_UPSTREAM;
        }
        int code = b["code"].is_number_integer() ? b["code"].get<int>() : 0;
        const std::string& action = r_state.action;
        if (code != 1 && code != 21 && code != 22) {
            out.client_body(200, body);
            if (code == 3)  // "No available account instance": the channel cannot serve
                out.error().set(200, "upstream_error", "3", str(b, "description"), GW_ERRF_DISABLE_CHANNEL);
            return GW_ERR_UPSTREAM;
        }
        gw::TaskResult r;
        r.task_id = str(b, "result");
        r.action = action;
        r.state = GW_TASK_SUBMITTED;
        r.data_json = std::string(body);
        const json props = b.value("properties", json::object());
        if (code == 21 && props.is_object() && str(props, "status") == "SUCCESS") {
            r.state = GW_TASK_SUCCESS, r.progress = 100, r.result_url = str(props, "imageUrl");
        }
        if (code == 1 && action == "UPLOAD") r.state = GW_TASK_SUCCESS, r.progress = 100;
        out.result(r);
        out.client_body(200, client_answer(std::string(body), code, action));
        return GW_OK;
    }

    gw_status build_fetch(const gw::RequestInfo& info, std::string_view ids_json, gw::UpstreamRequest& out,
                          const gw::ErrorSink&) override {
        out.method("POST")
            .url(gw::join_url(info.base_url, "/mj/task/list-by-condition"))
            .header("mj-api-secret", info.api_key)
            .header("Content-Type", "application/json")
            .body("{\"ids\":" + std::string(ids_json) + "}");
        return GW_OK;
    }

    gw_status parse_fetch(const gw::RequestInfo&, int status, std::string_view body, const gw::TaskSink& out) override {
        json list = parse(body);
        if (status != 200 || !list.is_array()) {
            out.error().set(status == 200 ? 502 : status, "upstream_error", "", "list-by-condition answered " +
                            std::to_string(status), gw::error_flags_for_status(status));
            return GW_ERR_UPSTREAM;
        }
        for (const auto& t : list) {
            if (!t.is_object() || str(t, "id").empty()) continue;
            gw::TaskResult r;
            r.task_id = str(t, "id");
            r.action = str(t, "action");
            r.state = state_of(str(t, "status"));
            r.progress = percent(str(t, "progress"));
            r.result_url = str(t, "imageUrl");
            r.fail_reason = str(t, "failReason");
            r.data_json = t.dump();
            out.result(r);
        }
        return GW_OK;
    }

private:
    // The action a submit asked for, kept from build_submit for the task row.
    struct MjRequest : gw::Request {
        using Request::Request;
        std::string action;
    };
};

gw::PluginDefinition define() {
    const std::vector<std::string> models = {"mj_imagine", "mj_variation", "mj_reroll", "mj_blend", "mj_describe",
                                             "mj_upscale", "mj_zoom", "mj_shorten", "mj_modal", "mj_inpaint",
                                             "mj_custom_zoom", "mj_high_variation", "mj_low_variation", "mj_pan",
                                             "mj_upload", "mj_video", "mj_edits", "swap_face"};
    gw::ProviderSpec spec;
    spec.id = "org.newapi.provider.midjourney";
    spec.name = "Midjourney-Proxy";
    spec.version = "1.0.0";
    spec.channel_types = {{2, "Midjourney", "", models}, {5, "MidjourneyPlus", "", models}};
    spec.capabilities = {"task", "task.mj"};
    gw::PluginDefinition def;
    def.provider<MidjourneyProvider>(spec);
    return def;
}

}  // namespace

GW_PLUGIN("org.newapi.provider.midjourney", "1.0.0", define)
