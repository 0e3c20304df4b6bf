// Whole (non-stream) Claude Messages responses to and from the hub.
#include "wire/formats.hpp"
#include "wire/hub_maps.hpp"

namespace gw::wire {

json claude_to_hub_response(const json& in) {
    std::string text, reasoning;
    json calls = json::array();
    if (const json* content = field(in, "content"); content && content->is_array())
        for (const auto& b : *content) {
            std::string type = str_of(b, "type");
            if (type == "text") text += str_of(b, "text");
            if (type == "thinking") reasoning += str_of(b, "thinking");
            if (type == "tool_use") {
                const json* input = field(b, "input");
                calls.push_back(
                    {{"id", str_of(b, "id")},
                     {"type", "function"},
                     {"function",
                      {{"name", str_of(b, "name")}, {"arguments", dump(input ? *input : json::object())}}}});
            }
        }
    json message = {{"role", "assistant"}, {"content", text}};
    if (!reasoning.empty()) message["reasoning_content"] = reasoning;
    if (!calls.empty()) message["tool_calls"] = std::move(calls);
    json choice = {{"index", 0},
                   {"message", std::move(message)},
                   {"finish_reason", claude_stop_to_hub(str_of(in, "stop_reason"))}};
    const json* usage = field(in, "usage");
    return {{"id", str_of(in, "id")},
            {"object", "chat.completion"},
            {"created", unix_now()},
            {"model", str_of(in, "model")},
            {"choices", json::array({std::move(choice)})},
            {"usage", claude_usage_to_hub(usage ? *usage : json::object())}};
}

json hub_to_claude_response(const json& in) {
    json content = json::array();
    std::string finish = "stop";
    const json* choices = field(in, "choices");
    if (choices && choices->is_array() && !choices->empty()) {
        const json& c = (*choices)[0];
        finish = str_of(c, "finish_reason");
        const json* m = field(c, "message");
        if (m) {
            std::string reasoning = str_of(*m, "reasoning_content");
            if (reasoning.empty()) reasoning = str_of(*m, "reasoning");
            if (!reasoning.empty())
                content.push_back({{"type", "thinking"}, {"thinking", reasoning}, {"signature", ""}});
            if (const json* t = field(*m, "content"); t && !text_of(*t).empty())
                content.push_back({{"type", "text"}, {"text", text_of(*t)}});
            if (const json* calls = field(*m, "tool_calls"); calls && calls->is_array())
                for (const auto& call : *calls) {
                    const json* fn = field(call, "function");
                    if (!fn) continue;
                    content.push_back({{"type", "tool_use"},
                                       {"id", str_of(call, "id")},
                                       {"name", str_of(*fn, "name")},
                                       {"input", parse_arguments(str_of(*fn, "arguments"))}});
                }
        }
    }
    std::string id = str_of(in, "id");
    const json* usage = field(in, "usage");
    return {{"id", id.rfind("msg_", 0) == 0 ? id : "msg_" + id},
            {"type", "message"},
            {"role", "assistant"},
            {"model", str_of(in, "model")},
            {"content", std::move(content)},
            {"stop_reason", hub_finish_to_claude(finish)},
            {"stop_sequence", nullptr},
            {"usage", hub_usage_to_claude(usage ? *usage : json::object())}};
}

}  // namespace gw::wire
