#include "relay/usage_estimate.hpp"

#include "common/json_bounded.hpp"

#include <nlohmann/json.hpp>

namespace gw::relay {
namespace {

using nlohmann::json;

// The text of a content field: a string, or the text parts of an array of parts.
std::string content_text(const json& content) {
    if (content.is_string()) return content.get<std::string>();
    std::string out;
    if (content.is_array())
        for (const auto& part : content)
            if (part.is_object() && part.contains("text") && part["text"].is_string())
                out += part["text"].get<std::string>();
    return out;
}

std::string strings_of(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    std::string out;
    if (v.is_array())
        for (const auto& e : v)
            if (e.is_string()) out += e.get<std::string>();
    return out;
}

// Text a chunk or a response adds: content, reasoning and tool-call arguments; tool calls also
// cost a fixed overhead each, as in New API.
int64_t choice_tokens(const Tokenizer& t, const std::string& model, const json& msg) {
    int64_t n = 0;
    for (const char* k : {"content", "reasoning_content", "reasoning"})
        if (msg.contains(k)) n += t.count(model, content_text(msg[k]));
    if (msg.contains("tool_calls") && msg["tool_calls"].is_array())
        for (const auto& call : msg["tool_calls"]) {
            if (!call.contains("function")) continue;
            const json& f = call["function"];
            if (f.contains("name") && f["name"].is_string()) n += t.count(model, f["name"].get<std::string>()) + 7;
            if (f.contains("arguments") && f["arguments"].is_string())
                n += t.count(model, f["arguments"].get<std::string>());
        }
    return n;
}

// The query and every document's text (a string or {text}), as New API counts a rerank.
int64_t rerank_tokens(const Tokenizer& t, const std::string& model, const json& body) {
    int64_t n =
        body.contains("query") && body["query"].is_string() ? t.count(model, body["query"].get<std::string>()) : 0;
    if (body.contains("documents") && body["documents"].is_array())
        for (const auto& d : body["documents"]) {
            if (d.is_string()) n += t.count(model, d.get<std::string>());
            if (d.is_object() && d.contains("text") && d["text"].is_string())
                n += t.count(model, d["text"].get<std::string>());
        }
    return n;
}

}  // namespace

int64_t estimate_prompt_tokens(const Tokenizer& t, const std::string& model, gw_api_kind api, const json& body) {
    if (api == GW_API_EMBEDDINGS || api == GW_API_MODERATIONS)
        return body.contains("input") ? t.count(model, strings_of(body["input"])) : 0;
    if (api == GW_API_COMPLETIONS) return body.contains("prompt") ? t.count(model, strings_of(body["prompt"])) : 0;
    if (api == GW_API_RERANK) return rerank_tokens(t, model, body);
    int64_t n = 3;  // every reply is primed with <|start|>assistant<|message|>
    if (body.contains("messages") && body["messages"].is_array())
        for (const auto& m : body["messages"]) {
            if (!m.is_object()) continue;
            n += 3;
            if (m.contains("content")) n += t.count(model, content_text(m["content"]));
            if (m.contains("role") && m["role"].is_string()) n += t.count(model, m["role"].get<std::string>());
            if (m.contains("name") && m["name"].is_string()) n += 1 + t.count(model, m["name"].get<std::string>());
        }
    if (body.contains("tools")) n += t.count(model, body["tools"].dump());
    return n;
}

int64_t estimate_completion_tokens(const Tokenizer& t, const std::string& model,
                                   const std::vector<std::string>& emitted) {
    int64_t n = 0;
    for (const auto& data : emitted) {
        json j = parse_json(data);
        if (!j.is_object() || !j.contains("choices") || !j["choices"].is_array()) continue;
        for (const auto& c : j["choices"]) {
            if (c.contains("delta")) n += choice_tokens(t, model, c["delta"]);
            if (c.contains("message")) n += choice_tokens(t, model, c["message"]);
            if (c.contains("text") && c["text"].is_string()) n += t.count(model, c["text"].get<std::string>());
        }
    }
    return n;
}

}  // namespace gw::relay
