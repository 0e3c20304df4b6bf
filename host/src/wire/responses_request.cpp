// OpenAI Responses requests to and from the hub (chat completions).
#include "wire/formats.hpp"
#include "wire/hub.hpp"
#include "wire/responses_tools.hpp"

namespace gw::wire {
namespace {

json content_part_to_hub(const json& p) {
    std::string type = str_of(p, "type");
    if (type == "input_text" || type == "output_text" || type == "text")
        return {{"type", "text"}, {"text", str_of(p, "text")}};
    if (type == "input_image") {
        json image = {{"url", str_of(p, "image_url")}};
        if (std::string detail = str_of(p, "detail"); !detail.empty()) image["detail"] = detail;
        return {{"type", "image_url"}, {"image_url", std::move(image)}};
    }
    return nullptr;
}

json message_content_to_hub(const json& content) {
    if (content.is_string()) return content;
    json parts = json::array();
    if (content.is_array())
        for (const auto& p : content)
            if (json part = content_part_to_hub(p); !part.is_null()) parts.push_back(std::move(part));
    return parts;
}

// Consecutive function calls belong to one assistant turn (parallel tool calls).
void add_call(json& messages, const json& item) {
    std::string name = flat_tool_name(str_of(item, "namespace"), str_of(item, "name"));
    std::string arguments = str_of(item, "type") == "custom_tool_call" ? dump(json{{"input", str_of(item, "input")}})
                                                                       : str_of(item, "arguments");
    json call = hub_call(str_of(item, "call_id"), name, arguments);
    if (messages.empty() || messages.back()["role"] != "assistant")
        messages.push_back({{"role", "assistant"}, {"content", ""}});
    json& last = messages.back();
    if (!last.contains("tool_calls")) last["tool_calls"] = json::array();
    last["tool_calls"].push_back(std::move(call));
}

void input_to_hub(const json& input, json& messages) {
    if (input.is_string()) {
        messages.push_back({{"role", "user"}, {"content", input}});
        return;
    }
    if (!input.is_array()) return;
    std::string reasoning;
    for (const auto& item : input) {
        std::string type = str_of(item, "type");
        if (type == "function_call" || type == "custom_tool_call") {
            add_call(messages, item);
        } else if (type == "function_call_output" || type == "custom_tool_call_output") {
            const json* out = field(item, "output");
            messages.push_back({{"role", "tool"},
                                {"tool_call_id", str_of(item, "call_id")},
                                {"content", out ? (out->is_string() ? out->get<std::string>() : text_of(*out)) : ""}});
        } else if (type == "reasoning") {
            if (const json* s = field(item, "summary")) reasoning += text_of(*s);
        } else if (type == "message" || (type.empty() && field(item, "role"))) {
            const json* content = field(item, "content");
            std::string role = str_of(item, "role");
            json m = {{"role", role}, {"content", content ? message_content_to_hub(*content) : json("")}};
            if (role == "assistant" && !reasoning.empty()) m["reasoning_content"] = reasoning;
            if (role == "assistant") reasoning.clear();
            messages.push_back(std::move(m));
        }
    }
}

// A chat function for a Responses function or custom tool (freeform: one string, "input").
json function_to_hub(const json& t, const std::string& ns) {
    json fn = {{"name", flat_tool_name(ns, str_of(t, "name"))}};
    if (const json* d = field(t, "description")) fn["description"] = *d;
    if (str_of(t, "type") == "custom") {
        fn["parameters"] = {
            {"type", "object"},
            {"properties", {{"input", {{"type", "string"}, {"description", "The tool's freeform input"}}}}},
            {"required", json::array({"input"})}};
    } else {
        for (const char* k : {"parameters", "strict"})
            if (const json* v = field(t, k)) fn[k] = *v;
    }
    return {{"type", "function"}, {"function", std::move(fn)}};
}

// Function, custom and namespaced tools; hosted tools (web search, file search, ...) have no
// chat form and are dropped.
json tools_to_hub(const json& tools) {
    json list = json::array();
    for (const auto& t : tools) {
        std::string type = str_of(t, "type");
        if (type == "function" || type == "custom") list.push_back(function_to_hub(t, ""));
        if (type != "namespace") continue;
        if (const json* inner = field(t, "tools"); inner && inner->is_array())
            for (const auto& i : *inner)
                if (str_of(i, "type") == "function" || str_of(i, "type") == "custom")
                    list.push_back(function_to_hub(i, str_of(t, "name")));
    }
    return list;
}

json format_to_hub(const json& format) {
    std::string type = str_of(format, "type");
    if (type == "json_object") return {{"type", "json_object"}};
    if (type != "json_schema") return nullptr;
    json schema = {{"name", str_of(format, "name")}};
    if (const json* s = field(format, "schema")) schema["schema"] = *s;
    if (const json* s = field(format, "strict")) schema["strict"] = *s;
    if (const json* d = field(format, "description")) schema["description"] = *d;
    return {{"type", "json_schema"}, {"json_schema", std::move(schema)}};
}

}  // namespace

json responses_to_hub_request(const json& in) {
    if (field(in, "previous_response_id"))
        throw ConversionError{400,
                              "previous_response_id is not supported on this channel: send the whole conversation"};
    json out = {{"model", str_of(in, "model")}};
    json messages = json::array();
    if (std::string instructions = str_of(in, "instructions"); !instructions.empty())
        messages.push_back({{"role", "system"}, {"content", instructions}});
    if (const json* input = field(in, "input")) input_to_hub(*input, messages);
    out["messages"] = std::move(messages);
    if (const json* tools = field(in, "tools"); tools && tools->is_array())
        if (json list = tools_to_hub(*tools); !list.empty()) out["tools"] = std::move(list);
    if (const json* tc = field(in, "tool_choice")) {
        std::string type = tc->is_object() ? str_of(*tc, "type") : "";
        if (tc->is_string())
            out["tool_choice"] = *tc;
        else if (type == "function" || type == "custom")
            out["tool_choice"] = {
                {"type", "function"},
                {"function", {{"name", flat_tool_name(str_of(*tc, "namespace"), str_of(*tc, "name"))}}}};
    }
    if (const json* text = field(in, "text"))
        if (const json* format = field(*text, "format"))
            if (json rf = format_to_hub(*format); !rf.is_null()) out["response_format"] = std::move(rf);
    if (const json* max = field(in, "max_output_tokens")) out["max_tokens"] = *max;
    if (const json* r = field(in, "reasoning"); r && !str_of(*r, "effort").empty())
        out["reasoning_effort"] = str_of(*r, "effort");
    for (const char* k : {"temperature", "top_p", "parallel_tool_calls", "user"})
        if (const json* v = field(in, k)) out[k] = *v;
    if (const json* s = field(in, "stream"); s && s->is_boolean() && s->get<bool>()) {
        out["stream"] = true;
        out["stream_options"] = {{"include_usage", true}};
    }
    return out;
}

namespace {

json parts_to_responses(const json& content, bool assistant) {
    if (content.is_string()) {
        return json::array({{{"type", assistant ? "output_text" : "input_text"}, {"text", content}}});
    }
    json parts = json::array();
    if (content.is_array())
        for (const auto& p : content) {
            std::string type = str_of(p, "type");
            if (type == "text")
                parts.push_back({{"type", assistant ? "output_text" : "input_text"}, {"text", str_of(p, "text")}});
            if (type == "image_url" && !assistant) {
                const json* iu = field(p, "image_url");
                std::string url = iu ? (iu->is_string() ? iu->get<std::string>() : str_of(*iu, "url")) : "";
                json part = {{"type", "input_image"}, {"image_url", url}};
                if (iu && !str_of(*iu, "detail").empty()) part["detail"] = str_of(*iu, "detail");
                parts.push_back(std::move(part));
            }
        }
    return parts;
}

}  // namespace

json hub_to_responses_request(const json& in) {
    json out = {{"model", str_of(in, "model")}};
    std::string instructions = system_text(in);
    json input = json::array();
    if (const json* ms = field(in, "messages"); ms && ms->is_array())
        for (const auto& m : *ms) {
            std::string role = str_of(m, "role");
            const json* content = field(m, "content");
            if (is_system_role(role)) continue;
            if (role == "tool") {
                input.push_back({{"type", "function_call_output"},
                                 {"call_id", str_of(m, "tool_call_id")},
                                 {"output", content ? text_of(*content) : ""}});
            } else {
                bool assistant = role == "assistant";
                json parts = content ? parts_to_responses(*content, assistant) : json::array();
                if (!parts.empty() && !(assistant && text_of(*content).empty()))
                    input.push_back({{"type", "message"},
                                     {"role", assistant ? "assistant" : "user"},
                                     {"content", std::move(parts)}});
                if (const json* calls = field(m, "tool_calls"); calls && calls->is_array())
                    for (const auto& call : *calls)
                        if (const json* fn = field(call, "function"))
                            input.push_back({{"type", "function_call"},
                                             {"call_id", str_of(call, "id")},
                                             {"name", str_of(*fn, "name")},
                                             {"arguments", str_of(*fn, "arguments")}});
            }
        }
    if (!instructions.empty()) out["instructions"] = instructions;
    out["input"] = std::move(input);
    if (const json* tools = field(in, "tools"); tools && tools->is_array()) {
        json list = json::array();
        for (const auto& t : *tools)
            if (const json* fn = field(t, "function")) {
                json tool = {{"type", "function"}, {"name", str_of(*fn, "name")}};
                for (const char* k : {"description", "parameters", "strict"})
                    if (const json* v = field(*fn, k)) tool[k] = *v;
                list.push_back(std::move(tool));
            }
        out["tools"] = std::move(list);
    }
    if (const json* tc = field(in, "tool_choice")) {
        if (tc->is_string())
            out["tool_choice"] = *tc;
        else if (const json* fn = field(*tc, "function"))
            out["tool_choice"] = {{"type", "function"}, {"name", str_of(*fn, "name")}};
    }
    if (const json* rf = field(in, "response_format")) {
        std::string type = str_of(*rf, "type");
        json format = {{"type", type}};
        if (const json* js = field(*rf, "json_schema"))
            for (const auto& [k, v] : js->items()) format[k] = v;
        if (type == "json_object" || type == "json_schema") out["text"] = {{"format", std::move(format)}};
    }
    int64_t max = int_of(in, "max_completion_tokens");
    if (!max) max = int_of(in, "max_tokens");
    if (max > 0) out["max_output_tokens"] = max;
    if (std::string effort = str_of(in, "reasoning_effort"); !effort.empty()) out["reasoning"] = {{"effort", effort}};
    for (const char* k : {"temperature", "top_p", "parallel_tool_calls", "user"})
        if (const json* v = field(in, k)) out[k] = *v;
    out["store"] = false;
    if (const json* s = field(in, "stream"); s && s->is_boolean() && s->get<bool>()) out["stream"] = true;
    return out;
}

}  // namespace gw::wire
