// Claude Messages requests to and from the hub (chat completions).
#include "wire/formats.hpp"
#include "wire/hub.hpp"
#include "wire/hub_maps.hpp"

#include <set>

namespace gw::wire {
namespace {

constexpr int64_t kDefaultClaudeMaxTokens = 8192;

json image_part_from_claude(const json& block) {
    const json* src = field(block, "source");
    if (!src) return nullptr;
    std::string type = str_of(*src, "type");
    std::string url = type == "base64" ? "data:" + str_of(*src, "media_type") + ";base64," + str_of(*src, "data")
                                       : str_of(*src, "url");
    if (url.empty()) return nullptr;
    return {{"type", "image_url"}, {"image_url", {{"url", url}}}};
}

// A user turn: tool results become tool messages (they answer the previous assistant turn, so
// they come first); the rest stays one user message.
void user_turn_to_hub(const json& blocks, json& messages) {
    json parts = json::array();
    for (const auto& b : blocks) {
        std::string type = str_of(b, "type");
        if (type == "text") {
            parts.push_back({{"type", "text"}, {"text", str_of(b, "text")}});
        } else if (type == "image") {
            if (json p = image_part_from_claude(b); !p.is_null()) parts.push_back(std::move(p));
        } else if (type == "tool_result") {
            const json* c = field(b, "content");
            messages.push_back(
                {{"role", "tool"}, {"tool_call_id", str_of(b, "tool_use_id")}, {"content", c ? text_of(*c) : ""}});
        } else if (type == "document") {
            const json* src = field(b, "source");
            if (src && str_of(*src, "type") == "text")
                parts.push_back({{"type", "text"}, {"text", str_of(*src, "data")}});
        }
    }
    if (!parts.empty()) messages.push_back({{"role", "user"}, {"content", std::move(parts)}});
}

json tool_choice_to_hub(const json& tc, json& hub) {
    std::string type = str_of(tc, "type");
    if (const json* d = field(tc, "disable_parallel_tool_use"); d && d->is_boolean() && d->get<bool>())
        hub["parallel_tool_calls"] = false;
    if (type == "any") return "required";
    if (type == "none") return "none";
    if (type == "tool") return {{"type", "function"}, {"function", {{"name", str_of(tc, "name")}}}};
    return "auto";
}

void copy_sampling(const json& in, json& out) {
    for (const char* k : {"temperature", "top_p"})
        if (const json* v = field(in, k)) out[k] = *v;
}

// Claude's effort levels as OpenAI's (which tops out at "high").
std::string effort_of(const std::string& claude_effort) {
    return claude_effort == "low" || claude_effort == "medium" ? claude_effort : "high";
}

// thinking {type: enabled, budget_tokens} carries a budget; {type: adaptive} lets the model decide,
// steered by output_config.effort (Claude's default: high), which also applies on its own.
void thinking_to_hub(const json& in, json& out) {
    const json* t = field(in, "thinking");
    std::string type = t ? str_of(*t, "type") : "";
    const json* oc = field(in, "output_config");
    std::string effort = oc && oc->is_object() ? str_of(*oc, "effort") : "";
    if (type == "enabled") {
        int64_t budget = int_of(*t, "budget_tokens");
        out["x_thinking_budget"] = budget;
        out["reasoning_effort"] = effort.empty() ? effort_for_budget(budget) : effort_of(effort);
    } else if (type == "adaptive" || (!effort.empty() && type != "disabled")) {
        out["reasoning_effort"] = effort_of(effort);
    }
}

}  // namespace

void validate_claude_request(const json& in) {
    static const std::set<std::string> kBlocks = {"text",
                                                  "image",
                                                  "document",
                                                  "tool_use",
                                                  "tool_result",
                                                  "thinking",
                                                  "redacted_thinking",
                                                  "server_tool_use",
                                                  "web_search_tool_result",
                                                  "search_result",
                                                  "container_upload",
                                                  "mcp_tool_use",
                                                  "mcp_tool_result",
                                                  "web_fetch_tool_result",
                                                  "code_execution_tool_result"};
    const json* max = field(in, "max_tokens");
    if (!max) throw ConversionError{400, "max_tokens: Field required"};
    if (!max->is_number_integer() || max->get<int64_t>() < 1)
        throw ConversionError{400, "max_tokens: Input should be a valid integer greater than 0"};
    const json* messages = field(in, "messages");
    if (!messages || !messages->is_array()) throw ConversionError{400, "messages: Field required"};
    for (size_t i = 0; i < messages->size(); ++i) {
        const json& m = (*messages)[i];
        std::string at = "messages." + std::to_string(i);
        std::string role = str_of(m, "role");
        // Claude Code puts "system" turns in messages for models it does not know as Claude's,
        // expecting a gateway to carry them: they become system messages of the target.
        if (role != "user" && role != "assistant" && role != "system")
            throw ConversionError{400, at + ".role: Input should be 'user' or 'assistant'"};
        const json* content = field(m, "content");
        if (!content || (!content->is_string() && !content->is_array()))
            throw ConversionError{400, at + ".content: Field required"};
        if (!content->is_array()) continue;
        for (size_t j = 0; j < content->size(); ++j) {
            std::string type = str_of((*content)[j], "type");
            if (!kBlocks.count(type))
                throw ConversionError{400, at + ".content." + std::to_string(j) + ": Input tag '" + type +
                                               "' found using 'type' does not match any of the expected tags"};
        }
    }
}

json claude_to_hub_request(const json& in) {
    json out = {{"model", str_of(in, "model")}};
    json messages = json::array();
    if (const json* system = field(in, "system")) {
        std::string text = text_of(*system);
        if (!text.empty()) messages.push_back({{"role", "system"}, {"content", text}});
    }
    if (const json* ms = field(in, "messages"); ms && ms->is_array())
        for (const auto& m : *ms) {
            std::string role = str_of(m, "role");
            const json* content = field(m, "content");
            if (!content) continue;
            if (content->is_string())
                messages.push_back({{"role", role}, {"content", *content}});
            else if (role == "system")
                messages.push_back({{"role", "system"}, {"content", text_of(*content)}});
            else if (role == "assistant")
                messages.push_back(claude_blocks_to_hub(*content));
            else
                user_turn_to_hub(*content, messages);
        }
    out["messages"] = std::move(messages);
    if (const json* tools = field(in, "tools"); tools && tools->is_array()) {
        json list = json::array();
        for (const auto& t : *tools) {
            const json* schema = field(t, "input_schema");
            if (!schema) continue;  // server tools (web search, ...) have no function form
            json fn = {{"name", str_of(t, "name")}, {"parameters", *schema}};
            if (const json* d = field(t, "description")) fn["description"] = *d;
            list.push_back({{"type", "function"}, {"function", std::move(fn)}});
        }
        if (!list.empty()) out["tools"] = std::move(list);
    }
    if (const json* tc = field(in, "tool_choice")) out["tool_choice"] = tool_choice_to_hub(*tc, out);
    if (const json* stop = field(in, "stop_sequences")) out["stop"] = *stop;
    out["max_tokens"] = int_of(in, "max_tokens");
    copy_sampling(in, out);
    if (const json* k = field(in, "top_k")) out["x_top_k"] = *k;
    thinking_to_hub(in, out);
    // metadata.user_id stays behind: Claude Code sends a ~150-character JSON string there, and
    // OpenAI's `user` takes at most 64 characters (New API drops it too).
    if (const json* s = field(in, "stream"); s && s->is_boolean() && s->get<bool>()) {
        out["stream"] = true;
        out["stream_options"] = {{"include_usage", true}};
    }
    return out;
}

namespace {

json image_block_from_hub(const json& part) {
    const json* iu = field(part, "image_url");
    std::string url = iu ? (iu->is_string() ? iu->get<std::string>() : str_of(*iu, "url")) : "";
    if (auto d = split_data_url(url))
        return {{"type", "image"}, {"source", {{"type", "base64"}, {"media_type", d->mime}, {"data", d->data}}}};
    return {{"type", "image"}, {"source", {{"type", "url"}, {"url", url}}}};
}

json user_blocks_from_hub(const json& content) {
    json blocks = json::array();
    if (content.is_string()) {
        if (!content.get<std::string>().empty()) blocks.push_back({{"type", "text"}, {"text", content}});
        return blocks;
    }
    if (content.is_array())
        for (const auto& p : content) {
            std::string type = str_of(p, "type");
            if (type == "text" && !str_of(p, "text").empty())
                blocks.push_back({{"type", "text"}, {"text", str_of(p, "text")}});
            if (type == "image_url") blocks.push_back(image_block_from_hub(p));
        }
    return blocks;
}

json tool_choice_from_hub(const json& tc) {
    if (tc.is_string()) {
        std::string s = tc.get<std::string>();
        return {{"type", s == "required" ? "any" : s == "none" ? "none" : "auto"}};
    }
    if (const json* fn = field(tc, "function")) return {{"type", "tool"}, {"name", str_of(*fn, "name")}};
    return {{"type", "auto"}};
}

std::string json_mode_instruction(const json& rf) {
    std::string type = str_of(rf, "type");
    if (type == "json_object") return "Respond with a single valid JSON object and nothing else.";
    if (type != "json_schema") return {};
    const json* js = field(rf, "json_schema");
    const json* schema = js ? field(*js, "schema") : nullptr;
    return "Respond with a single valid JSON object that conforms to this JSON schema, and nothing else: " +
           dump(schema ? *schema : json::object());
}

// Claude refuses thinking with a forced tool choice; the forced tool wins.
void thinking_from_hub(const json& in, json& out) {
    if (out.contains("tool_choice") && (out["tool_choice"]["type"] == "any" || out["tool_choice"]["type"] == "tool"))
        return;
    int64_t budget = int_of(in, "x_thinking_budget");
    std::string effort = str_of(in, "reasoning_effort");
    if (!budget && !effort.empty()) budget = budget_for_effort(effort, out["max_tokens"].get<int64_t>());
    if (budget <= 0) return;
    budget = std::max<int64_t>(budget, 1024);
    if (out["max_tokens"].get<int64_t>() <= budget) out["max_tokens"] = budget + kDefaultClaudeMaxTokens / 2;
    out["thinking"] = {{"type", "enabled"}, {"budget_tokens", budget}};
    for (const char* k : {"temperature", "top_p", "top_k"}) out.erase(k);  // Claude refuses them with thinking
}

}  // namespace

json hub_to_claude_request(const json& in) {
    json out = {{"model", str_of(in, "model")}};
    std::string system = system_text(in);
    json messages = json::array();
    if (const json* ms = field(in, "messages"); ms && ms->is_array())
        for (const auto& m : *ms) {
            std::string role = str_of(m, "role");
            const json* content = field(m, "content");
            if (is_system_role(role)) continue;
            if (role == "assistant") {
                append_turn(messages, "assistant", hub_to_claude_blocks(m, false), "content");
            } else if (role == "tool") {
                json result = {{"type", "tool_result"},
                               {"tool_use_id", str_of(m, "tool_call_id")},
                               {"content", content ? text_of(*content) : ""}};
                append_turn(messages, "user", json::array({std::move(result)}), "content");
            } else {
                append_turn(messages, "user", content ? user_blocks_from_hub(*content) : json::array(), "content");
            }
        }
    if (const json* rf = field(in, "response_format")) {
        std::string rule = json_mode_instruction(*rf);
        append_paragraph(system, rule, "\n\n");
    }
    if (!system.empty()) out["system"] = system;
    out["messages"] = std::move(messages);
    int64_t max = int_of(in, "max_completion_tokens");
    if (!max) max = int_of(in, "max_tokens");
    out["max_tokens"] = max > 0 ? max : kDefaultClaudeMaxTokens;
    copy_sampling(in, out);
    if (const json* k = field(in, "x_top_k")) out["top_k"] = *k;
    if (const json* stop = field(in, "stop")) out["stop_sequences"] = stop->is_string() ? json::array({*stop}) : *stop;
    if (const json* tools = field(in, "tools"); tools && tools->is_array()) {
        json list = json::array();
        for (const auto& t : *tools) {
            const json* fn = field(t, "function");
            if (!fn) continue;
            const json* params = field(*fn, "parameters");
            json tool = {{"name", str_of(*fn, "name")},
                         {"input_schema", params ? *params : json{{"type", "object"}, {"properties", json::object()}}}};
            if (const json* d = field(*fn, "description")) tool["description"] = *d;
            list.push_back(std::move(tool));
        }
        if (!list.empty()) out["tools"] = std::move(list);
    }
    if (const json* tc = field(in, "tool_choice")) out["tool_choice"] = tool_choice_from_hub(*tc);
    if (const json* p = field(in, "parallel_tool_calls");
        p && p->is_boolean() && !p->get<bool>() && out.contains("tools")) {
        if (!out.contains("tool_choice")) out["tool_choice"] = {{"type", "auto"}};
        out["tool_choice"]["disable_parallel_tool_use"] = true;
    }
    thinking_from_hub(in, out);
    if (std::string user = str_of(in, "user"); !user.empty()) out["metadata"] = {{"user_id", user}};
    if (const json* s = field(in, "stream"); s && s->is_boolean() && s->get<bool>()) out["stream"] = true;
    return out;
}

}  // namespace gw::wire
