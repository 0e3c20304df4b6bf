// Whole (non-stream) Claude Messages responses to and from the hub.
#include "wire/formats.hpp"
#include "wire/hub.hpp"
#include "wire/hub_maps.hpp"

namespace gw::wire {

json claude_blocks_to_hub(const json& blocks) {
    std::string text, reasoning;
    json calls = json::array();
    if (blocks.is_array())
        for (const auto& b : blocks) {
            std::string type = str_of(b, "type");
            if (type == "text") text += str_of(b, "text");
            if (type == "thinking") reasoning += str_of(b, "thinking");
            if (type == "tool_use") {
                const json* input = field(b, "input");
                calls.push_back(hub_call(str_of(b, "id"), str_of(b, "name"), dump(input ? *input : json::object())));
            }
        }
    return hub_assistant(text, reasoning, std::move(calls));
}

json hub_to_claude_blocks(const json& m, bool with_thinking) {
    json blocks = json::array();
    if (std::string reasoning = reasoning_of(m); with_thinking && !reasoning.empty())
        blocks.push_back({{"type", "thinking"}, {"thinking", reasoning}, {"signature", ""}});
    if (const json* c = field(m, "content"); c && !text_of(*c).empty())
        blocks.push_back({{"type", "text"}, {"text", text_of(*c)}});
    for (const auto& call : calls_of(m))
        blocks.push_back(
            {{"type", "tool_use"}, {"id", call.id}, {"name", call.name}, {"input", parse_arguments(call.arguments)}});
    return blocks;
}

json claude_to_hub_response(const json& in) {
    const json* content = field(in, "content");
    json choice = {{"index", 0},
                   {"message", claude_blocks_to_hub(content ? *content : json::array())},
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
        if (const json* m = field(c, "message")) content = hub_to_claude_blocks(*m, true);
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
