#include "wire/hub.hpp"

namespace gw::wire {

std::string reasoning_of(const json& m) {
    std::string r = str_of(m, "reasoning_content");
    return r.empty() ? str_of(m, "reasoning") : r;
}

std::vector<HubCall> calls_of(const json& m) {
    std::vector<HubCall> out;
    const json* calls = field(m, "tool_calls");
    if (!calls || !calls->is_array()) return out;
    for (const auto& call : *calls)
        if (const json* fn = field(call, "function"))
            out.push_back({str_of(call, "id"), str_of(*fn, "name"), str_of(*fn, "arguments")});
    return out;
}

json hub_call(const std::string& id, const std::string& name, const std::string& arguments) {
    return {{"id", id}, {"type", "function"}, {"function", {{"name", name}, {"arguments", arguments}}}};
}

json hub_assistant(const std::string& text, const std::string& reasoning, json calls) {
    json m = {{"role", "assistant"}, {"content", text}};
    if (!reasoning.empty()) m["reasoning_content"] = reasoning;
    if (!calls.empty()) m["tool_calls"] = std::move(calls);
    return m;
}

ChunkView view_chunk(const json& chunk) {
    ChunkView v;
    v.usage = field(chunk, "usage");
    const json* choices = field(chunk, "choices");
    if (!choices || !choices->is_array() || choices->empty()) return v;
    const json& c = (*choices)[0];
    v.delta = field(c, "delta");
    if (const json* f = field(c, "finish_reason"); f && f->is_string()) v.finish = f->get<std::string>();
    return v;
}

bool is_system_role(const std::string& role) {
    return role == "system" || role == "developer";
}

std::string system_text(const json& hub_request) {
    std::string out;
    if (const json* ms = field(hub_request, "messages"); ms && ms->is_array())
        for (const auto& m : *ms)
            if (const json* c = field(m, "content"); c && is_system_role(str_of(m, "role")))
                append_paragraph(out, text_of(*c), "\n");
    return out;
}

void append_paragraph(std::string& to, const std::string& text, std::string_view sep) {
    if (text.empty()) return;
    if (!to.empty()) to += sep;
    to += text;
}

void append_turn(json& turns, const std::string& role, json items, const char* items_key) {
    if (items.empty()) return;
    if (!turns.empty() && turns.back()["role"] == role) {
        for (auto& item : items) turns.back()[items_key].push_back(std::move(item));
        return;
    }
    turns.push_back({{"role", role}, {items_key, std::move(items)}});
}

}  // namespace gw::wire
