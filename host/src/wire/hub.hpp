// Reading and writing the hub's own objects (chat completions messages, tool calls, chunks), so
// each format's converter speaks about them the same way.
#pragma once

#include "wire/json_util.hpp"

#include <vector>

namespace gw::wire {

// A message's or delta's reasoning: reasoning_content, or the "reasoning" some upstreams use.
std::string reasoning_of(const json& m);

struct HubCall {
    std::string id, name, arguments;
};
// The function calls of a message (tool_calls entries without a function are skipped).
std::vector<HubCall> calls_of(const json& m);
json hub_call(const std::string& id, const std::string& name, const std::string& arguments);
// An assistant message; reasoning and calls only when present.
json hub_assistant(const std::string& text, const std::string& reasoning, json calls);

// The parts of one stream chunk that converters follow.
struct ChunkView {
    const json* delta = nullptr;  // of the first choice
    const json* usage = nullptr;
    std::string finish;  // empty until the upstream says why it stopped
};
ChunkView view_chunk(const json& chunk);

// System and developer messages are instructions: each target format keeps them apart.
bool is_system_role(const std::string& role);
// The text of every system and developer message, one per line.
std::string system_text(const json& hub_request);

// Joins system texts: `text` appended after `sep` (nothing when either side is empty).
void append_paragraph(std::string& to, const std::string& text, std::string_view sep);

// Appends a turn, merging it into the previous one of the same role (Claude and Gemini want
// roles to alternate). items_key is "content" (Claude) or "parts" (Gemini).
void append_turn(json& turns, const std::string& role, json items, const char* items_key);

}  // namespace gw::wire
