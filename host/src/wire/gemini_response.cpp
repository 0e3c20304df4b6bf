// Whole Gemini generateContent responses to and from the hub.
#include "wire/formats.hpp"
#include "wire/hub.hpp"
#include "wire/hub_maps.hpp"

namespace gw::wire {

bool is_thought(const json& p) {
    const json* t = field(p, "thought");
    return t && t->is_boolean() && t->get<bool>();
}

GeminiParts read_gemini_parts(const json& parts, int& call_counter, const std::function<std::string(int)>& make_id) {
    GeminiParts out;
    if (!parts.is_array()) return out;
    for (const auto& p : parts) {
        if (const json* fc = field2(p, "functionCall", "function_call")) {
            std::string id = str_of(*fc, "id");
            const json* args = field(*fc, "args");
            json call = hub_call(id.empty() ? make_id(call_counter + 1) : id, str_of(*fc, "name"),
                                 dump(args ? *args : json::object()));
            call["index"] = call_counter++;
            out.tool_calls.push_back(std::move(call));
        } else if (is_thought(p)) {
            out.reasoning += str_of(p, "text");
        } else {
            out.text += str_of(p, "text");
        }
    }
    return out;
}

const json& candidate_parts(const json& candidate) {
    static const json kNone = json::array();
    const json* content = field(candidate, "content");
    const json* parts = content ? field(*content, "parts") : nullptr;
    return parts ? *parts : kNone;
}

std::string random_call_id(int) {
    return new_id("call_");
}

json gemini_to_hub_response(const json& in, const std::string& model) {
    json choices = json::array();
    int calls = 0;
    if (const json* cands = field(in, "candidates"); cands && cands->is_array())
        for (size_t i = 0; i < cands->size(); ++i) {
            const json& c = (*cands)[i];
            GeminiParts parts = read_gemini_parts(candidate_parts(c), calls, random_call_id);
            for (auto& call : parts.tool_calls) call.erase("index");
            json message = hub_assistant(parts.text, parts.reasoning, parts.tool_calls);
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
    std::string reasoning = reasoning_of(message_or_delta);
    if (!reasoning.empty()) parts.push_back({{"text", reasoning}, {"thought", true}});
    if (const json* c = field(message_or_delta, "content"); c && !text_of(*c).empty())
        parts.push_back({{"text", text_of(*c)}});
    if (!with_tool_calls) return parts;
    for (const auto& call : calls_of(message_or_delta))
        parts.push_back({{"functionCall", {{"name", call.name}, {"args", parse_arguments(call.arguments)}}}});
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
