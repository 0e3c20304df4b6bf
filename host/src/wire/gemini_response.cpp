// Whole Gemini generateContent responses to and from the hub.
#include "wire/formats.hpp"
#include "wire/hub_maps.hpp"

namespace gw::wire {

namespace {

bool is_thought(const json& p) {
    const json* t = field(p, "thought");
    return t && t->is_boolean() && t->get<bool>();
}

}  // namespace

GeminiParts read_gemini_parts(const json& candidate, int& call_counter) {
    GeminiParts out;
    const json* content = field(candidate, "content");
    const json* parts = content ? field(*content, "parts") : nullptr;
    if (!parts || !parts->is_array()) return out;
    for (const auto& p : *parts) {
        if (const json* fc = field2(p, "functionCall", "function_call")) {
            std::string id = str_of(*fc, "id");
            const json* args = field(*fc, "args");
            out.tool_calls.push_back(
                {{"id", id.empty() ? "call_" + new_id("") : id},
                 {"type", "function"},
                 {"index", call_counter++},
                 {"function", {{"name", str_of(*fc, "name")}, {"arguments", dump(args ? *args : json::object())}}}});
        } else if (is_thought(p)) {
            out.reasoning += str_of(p, "text");
        } else {
            out.text += str_of(p, "text");
        }
    }
    return out;
}

json gemini_to_hub_response(const json& in, const std::string& model) {
    json choices = json::array();
    int calls = 0;
    if (const json* cands = field(in, "candidates"); cands && cands->is_array())
        for (size_t i = 0; i < cands->size(); ++i) {
            const json& c = (*cands)[i];
            GeminiParts parts = read_gemini_parts(c, calls);
            json message = {{"role", "assistant"}, {"content", parts.text}};
            if (!parts.reasoning.empty()) message["reasoning_content"] = parts.reasoning;
            if (!parts.tool_calls.empty()) {
                for (auto& call : parts.tool_calls) call.erase("index");
                message["tool_calls"] = parts.tool_calls;
            }
            choices.push_back(
                {{"index", i},
                 {"message", std::move(message)},
                 {"finish_reason", gemini_finish_to_hub(str_of(c, "finishReason"), !parts.tool_calls.empty())}});
        }
    const json* usage = field(in, "usageMetadata");
    std::string id = str_of(in, "responseId");
    std::string version = str_of(in, "modelVersion");
    return {{"id", id.empty() ? new_id("chatcmpl-") : id},
            {"object", "chat.completion"},
            {"created", unix_now()},
            {"model", version.empty() ? model : version},
            {"choices", std::move(choices)},
            {"usage", gemini_usage_to_hub(usage ? *usage : json::object())}};
}

json gemini_candidate_parts(const json& message_or_delta, bool with_tool_calls) {
    json parts = json::array();
    std::string reasoning = str_of(message_or_delta, "reasoning_content");
    if (reasoning.empty()) reasoning = str_of(message_or_delta, "reasoning");
    if (!reasoning.empty()) parts.push_back({{"text", reasoning}, {"thought", true}});
    if (const json* c = field(message_or_delta, "content"); c && !text_of(*c).empty())
        parts.push_back({{"text", text_of(*c)}});
    if (!with_tool_calls) return parts;
    if (const json* calls = field(message_or_delta, "tool_calls"); calls && calls->is_array())
        for (const auto& call : *calls)
            if (const json* fn = field(call, "function"))
                parts.push_back(
                    {{"functionCall",
                      {{"name", str_of(*fn, "name")}, {"args", parse_arguments(str_of(*fn, "arguments"))}}}});
    return parts;
}

json hub_to_gemini_response(const json& in) {
    json candidates = json::array();
    if (const json* choices = field(in, "choices"); choices && choices->is_array())
        for (const auto& c : *choices) {
            const json* m = field(c, "message");
            candidates.push_back(
                {{"content", {{"role", "model"}, {"parts", m ? gemini_candidate_parts(*m, true) : json::array()}}},
                 {"finishReason", hub_finish_to_gemini(str_of(c, "finish_reason"))},
                 {"index", int_of(c, "index")}});
        }
    const json* usage = field(in, "usage");
    return {{"candidates", std::move(candidates)},
            {"usageMetadata", hub_usage_to_gemini(usage ? *usage : json::object())},
            {"modelVersion", str_of(in, "model")},
            {"responseId", str_of(in, "id")}};
}

}  // namespace gw::wire
