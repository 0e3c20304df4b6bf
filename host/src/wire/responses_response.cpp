// Whole OpenAI Responses objects to and from the hub.
#include "wire/formats.hpp"
#include "wire/hub.hpp"
#include "wire/hub_maps.hpp"

namespace gw::wire {

json responses_to_hub_response(const json& in) {
    std::string text, reasoning;
    json calls = json::array();
    if (const json* output = field(in, "output"); output && output->is_array())
        for (const auto& item : *output) {
            std::string type = str_of(item, "type");
            if (type == "message") {
                if (const json* content = field(item, "content"); content && content->is_array())
                    for (const auto& p : *content)
                        if (str_of(p, "type") == "output_text") text += str_of(p, "text");
            } else if (type == "reasoning") {
                if (const json* s = field(item, "summary")) reasoning += text_of(*s);
            } else if (type == "function_call") {
                calls.push_back(hub_call(str_of(item, "call_id"), str_of(item, "name"), str_of(item, "arguments")));
            }
        }
    std::string finish = calls.empty() ? "stop" : "tool_calls";
    if (const json* inc = field(in, "incomplete_details")) {
        std::string reason = str_of(*inc, "reason");
        finish = reason == "content_filter" ? "content_filter" : "length";
    }
    json message = hub_assistant(text, reasoning, std::move(calls));
    const json* usage = field(in, "usage");
    return {{"id", str_of(in, "id")},
            {"object", "chat.completion"},
            {"created", int_of(in, "created_at") ? int_of(in, "created_at") : unix_now()},
            {"model", str_of(in, "model")},
            {"choices", json::array({{{"index", 0}, {"message", std::move(message)}, {"finish_reason", finish}}})},
            {"usage", responses_usage_to_hub(usage ? *usage : json::object())}};
}

json responses_message_item(const std::string& id, const std::string& text, const char* status) {
    json content = json::array();
    if (std::string(status) == "completed")
        content.push_back({{"type", "output_text"}, {"text", text}, {"annotations", json::array()}});
    return {
        {"type", "message"}, {"id", id}, {"status", status}, {"role", "assistant"}, {"content", std::move(content)}};
}

json responses_reasoning_item(const std::string& id, const std::string& text) {
    json summary = json::array();
    if (!text.empty()) summary.push_back({{"type", "summary_text"}, {"text", text}});
    return {{"type", "reasoning"}, {"id", id}, {"summary", std::move(summary)}};
}

json responses_call_item(const std::string& id, const std::string& call_id, const std::string& name,
                         const std::string& arguments, const char* status) {
    return {{"type", "function_call"}, {"id", id},        {"call_id", call_id}, {"name", name},
            {"arguments", arguments},  {"status", status}};
}

json responses_object(const ResponsesHead& head, json output, const std::string& finish, const json& usage) {
    bool incomplete = finish == "length" || finish == "content_filter";
    bool done = !finish.empty();
    json incomplete_details = nullptr;
    if (incomplete) incomplete_details = {{"reason", finish == "length" ? "max_output_tokens" : "content_filter"}};
    return {{"id", head.id},
            {"object", "response"},
            {"created_at", head.created},
            {"status", !done        ? "in_progress"
                       : incomplete ? "incomplete"
                                    : "completed"},
            {"error", nullptr},
            {"incomplete_details", incomplete_details},
            {"instructions", nullptr},
            {"max_output_tokens", nullptr},
            {"model", head.model},
            {"output", std::move(output)},
            {"parallel_tool_calls", true},
            {"previous_response_id", nullptr},
            {"reasoning", {{"effort", nullptr}, {"summary", nullptr}}},
            {"store", false},
            {"temperature", nullptr},
            {"text", {{"format", {{"type", "text"}}}}},
            {"tool_choice", "auto"},
            {"tools", json::array()},
            {"top_p", nullptr},
            {"truncation", "disabled"},
            {"usage", usage.is_null() ? json(nullptr) : hub_usage_to_responses(usage)},
            {"metadata", json::object()}};
}

json hub_to_responses_response(const json& in, const ToolOrigins* tools) {
    json output = json::array();
    std::string finish = "stop";
    const json* choices = field(in, "choices");
    if (choices && choices->is_array() && !choices->empty()) {
        const json& c = (*choices)[0];
        finish = str_of(c, "finish_reason");
        if (const json* m = field(c, "message")) {
            std::string reasoning = reasoning_of(*m);
            if (!reasoning.empty()) output.push_back(responses_reasoning_item(new_id("rs_"), reasoning));
            if (const json* t = field(*m, "content"); t && !text_of(*t).empty())
                output.push_back(responses_message_item(new_id("msg_"), text_of(*t), "completed"));
            for (const auto& call : calls_of(*m))
                output.push_back(
                    responses_call_output(tools, new_id("fc_"), call.id, call.name, call.arguments, "completed"));
        }
    }
    std::string id = str_of(in, "id");
    ResponsesHead head{id.rfind("resp_", 0) == 0 ? id : "resp_" + new_id(""), str_of(in, "model"),
                       int_of(in, "created") ? int_of(in, "created") : unix_now()};
    const json* usage = field(in, "usage");
    return responses_object(head, std::move(output), finish.empty() ? "stop" : finish, usage ? *usage : json::object());
}

}  // namespace gw::wire
