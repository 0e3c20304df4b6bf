#include "mj_action.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace mj {
namespace {

using nlohmann::json;

std::string str(const json& b, const char* key) {
    auto it = b.find(key);
    return it != b.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> split(std::string_view s, std::string_view sep) {
    std::vector<std::string> out;
    size_t start = 0, pos;
    while ((pos = s.find(sep, start)) != std::string_view::npos) {
        out.emplace_back(s.substr(start, pos - start));
        start = pos + sep.size();
    }
    out.emplace_back(s.substr(start));
    return out;
}

bool contains(const std::string& s, const char* part) {
    return s.find(part) != std::string::npos;
}

// "MJ::JOB::upsample::2::<hash>" and its siblings: the action a Plus button stands for.
std::string plus_action(const std::string& custom_id) {
    auto parts = split(custom_id, "::");
    if (parts.size() < 3 || parts[0] != "MJ") return {};
    std::string a = parts[1] == "JOB" ? parts[2] : parts[1];
    if (contains(a, "upsample")) return "UPSCALE";
    if (a == "low_variation") return "LOW_VARIATION";
    if (a == "high_variation") return "HIGH_VARIATION";
    if (contains(a, "variation")) return "VARIATION";
    if (contains(a, "pan")) return "PAN";
    if (contains(a, "reroll")) return "REROLL";
    if (a == "Outpaint") return "ZOOM";
    if (a == "CustomZoom") return "CUSTOM_ZOOM";
    if (a == "Inpaint") return "INPAINT";
    return {};
}

// "<task id> U1" (U1-U4, V1-V4 or R).
bool simple_change(const std::string& content, Call& c) {
    auto parts = split(content, " ");
    if (parts.size() != 2 || parts[0].empty() || parts[1].empty()) return false;
    char kind = static_cast<char>(std::tolower(static_cast<unsigned char>(parts[1][0])));
    c.origin = parts[0];
    if (kind == 'r' && parts[1].size() == 1) {
        c.action = "REROLL";
        return true;
    }
    if ((kind != 'u' && kind != 'v') || parts[1].size() != 2 || parts[1][1] < '1' || parts[1][1] > '4') return false;
    c.action = kind == 'u' ? "UPSCALE" : "VARIATION";
    return true;
}

// The route after "/mj/", e.g. "submit/imagine" or "task/123/image-seed".
std::string route_of(std::string_view path) {
    size_t q = path.find('?');
    std::string p(path.substr(0, q));
    size_t at = p.find("/mj/");
    return at == std::string::npos ? std::string() : p.substr(at + 4);
}

void needs_origin(const json& body, Call& c) {
    c.origin = str(body, "taskId");
    if (c.origin.empty()) c.error = "task_id_is_required";
}

void read_submit(const std::string& what, const json& body, Call& c) {
    static const std::pair<const char*, const char*> simple[] = {
        {"imagine", "IMAGINE"}, {"describe", "DESCRIBE"}, {"blend", "BLEND"},    {"shorten", "SHORTEN"},
        {"edits", "EDITS"},     {"upload-discord-images", "UPLOAD"}};
    for (const auto& [route, action] : simple)
        if (what == route) c.action = action;
    if (what == "imagine" && str(body, "prompt").empty()) c.error = "prompt_is_required";
    if (!c.action.empty()) return;
    if (what == "change") {
        c.action = str(body, "action");
        needs_origin(body, c);
        if (c.error.empty() && c.action.empty()) c.error = "action_is_required";
        if (c.error.empty() && body.value("index", 0) == 0) c.error = "index_is_required";
    } else if (what == "simple-change") {
        std::string content = str(body, "content");
        if (content.empty())
            c.error = "content_is_required";
        else if (!simple_change(content, c))
            c.error = "content_parse_failed";
    } else if (what == "modal") {
        c.action = "MODAL";
        needs_origin(body, c);
    } else if (what == "video") {
        c.action = "VIDEO";
        needs_origin(body, c);
    } else if (what == "action") {
        std::string custom = str(body, "customId");
        c.action = plus_action(custom);
        if (custom.empty()) c.error = "custom_id_is_required";
        else if (c.action.empty()) c.error = "unknown_action:" + custom;
        else needs_origin(body, c);
    } else {
        c.error = "unknown_relay_action";
    }
}

}  // namespace

std::string upstream_path(std::string_view client_path) {
    std::string p(client_path);
    if (p.find("/mj-") == std::string::npos) return p;
    size_t at = p.find("/mj/");
    return at == std::string::npos ? p : p.substr(at);
}

std::string model_of(std::string_view action) {
    if (action == "SWAP_FACE") return "swap_face";
    std::string m = "mj_";
    for (char ch : action) m += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return m;
}

Call read_call(std::string_view client_path, const json& body) {
    Call c;
    c.upstream_path = upstream_path(client_path);
    std::string route = route_of(client_path);
    if (route.rfind("submit/", 0) == 0) {
        read_submit(route.substr(7), body, c);
    } else if (route == "insight-face/swap") {
        c.action = "SWAP_FACE";
        if (str(body, "sourceBase64").empty() || str(body, "targetBase64").empty())
            c.error = "sour_base64_and_target_base64_is_required";
    } else if (route.rfind("task/", 0) == 0 && route.size() > 16 &&
               route.compare(route.size() - 11, 11, "/image-seed") == 0) {
        c.origin = route.substr(5, route.size() - 16);  // a read on the task's channel, not billed
        return c;
    } else {
        c.error = "unknown_relay_action";
    }
    if (c.error.empty()) c.model = model_of(c.action);
    return c;
}

}  // namespace mj
