#include "request_tweaks.hpp"

namespace openai_plugin {
namespace {

using nlohmann::json;

bool starts_with(const std::string& s, const char* p) {
    return s.rfind(p, 0) == 0;
}

// Type-tolerant reads: a client's odd field types must not throw here.
bool flag(const json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_boolean() && it->get<bool>();
}

std::string text(const json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool is_reasoning_model(const std::string& m) {
    return is_o_series(m) || is_gpt5(m);
}

// Reasoning models (o-series, gpt-5*) refuse max_tokens: it becomes max_completion_tokens unless
// the client already sent that (New API does the same).
bool rename_max_tokens(json& body) {
    if (!body.contains("max_tokens")) return false;
    if (!body.contains("max_completion_tokens") || body["max_completion_tokens"].is_null())
        body["max_completion_tokens"] = body["max_tokens"];
    body.erase("max_tokens");
    return true;
}

// All o-series but o1-mini/o1-preview take "developer" system turns.
bool tweak_o_series(json& body, const std::string& model) {
    bool changed = false;
    if (starts_with(model, "o1-mini") || starts_with(model, "o1-preview")) return changed;
    if (body.contains("messages") && body["messages"].is_array())
        for (auto& m : body["messages"])
            if (m.is_object() && text(m, "role") == "system") {
                m["role"] = "developer";
                changed = true;
                break;
            }
    return changed;
}

bool drop_sampling_fields(json& body) {
    bool changed = false;
    for (const char* k : {"temperature", "top_p", "logprobs", "top_logprobs"})
        if (body.contains(k)) {
            body.erase(k);
            changed = true;
        }
    return changed;
}

}  // namespace

bool is_o_series(const std::string& m) {
    return m.size() >= 2 && m[0] == 'o' && m[1] >= '1' && m[1] <= '9';  // o1, o3, o4-mini, ...
}

bool is_gpt5(const std::string& m) {
    return starts_with(m, "gpt-5") && !starts_with(m, "gpt-5-chat");
}

bool takes_max_completion_tokens(const std::string& m) {
    return is_o_series(m) || starts_with(m, "gpt-5");
}

EffortSuffix split_effort_suffix(const std::string& model) {
    for (const char* e : {"-minimal", "-medium", "-xhigh", "-high", "-none", "-low"}) {
        std::string suffix = e;
        if (model.size() > suffix.size() && model.compare(model.size() - suffix.size(), suffix.size(), suffix) == 0) {
            std::string base = model.substr(0, model.size() - suffix.size());
            if (is_reasoning_model(base)) return {base, suffix.substr(1)};
        }
    }
    return {model, ""};
}

bool apply_tweaks(json& body, bool responses_api, const std::string& upstream_model, bool force_stream_usage) {
    bool changed = false;
    EffortSuffix s = split_effort_suffix(upstream_model);
    if (text(body, "model") != s.model) {
        body["model"] = s.model;
        changed = true;
    }
    if (!s.effort.empty()) {
        if (responses_api) {
            if (!body["reasoning"].is_object()) body["reasoning"] = json::object();
            body["reasoning"]["effort"] = s.effort;
        } else
            body["reasoning_effort"] = s.effort;
        changed = true;
    }
    if (!responses_api && takes_max_completion_tokens(s.model)) changed |= rename_max_tokens(body);
    if (!responses_api && is_o_series(s.model)) changed |= tweak_o_series(body, s.model);
    if (is_gpt5(s.model)) changed |= drop_sampling_fields(body);
    if (force_stream_usage && !responses_api && flag(body, "stream")) {
        json& opts = body["stream_options"];
        if (!opts.is_object()) opts = json::object();
        if (!flag(opts, "include_usage")) {
            opts["include_usage"] = true;
            changed = true;
        }
    }
    return changed;
}

}  // namespace openai_plugin
