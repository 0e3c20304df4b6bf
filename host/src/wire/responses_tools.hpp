// Responses tools that chat-shaped targets (Chat Completions, Claude, Gemini) cannot express as
// they are: namespaces (a group of tools, e.g. an MCP server's) are flattened to functions named
// "<namespace>__<name>", and custom (freeform) tools become functions taking one string argument
// "input". The table of origins turns the target's calls back into the client's items.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <map>
#include <memory>
#include <string>

namespace gw::wire {

struct ToolOrigin {
    std::string ns;  // the namespace, empty for a top-level tool
    std::string name;
    bool custom = false;  // a freeform tool: its call carries "input", not JSON arguments
};

// Keyed by the name the target sees.
using ToolOrigins = std::map<std::string, ToolOrigin>;

// The origins of a Responses request's namespaced and custom tools (empty when it has none).
std::shared_ptr<const ToolOrigins> responses_tool_origins(const nlohmann::json& request);

// The target's name for a tool.
std::string flat_tool_name(const std::string& ns, const std::string& name);

// The client's item for a call the target made: function_call (with "namespace" when it came
// from one) or custom_tool_call.
nlohmann::json responses_call_output(const ToolOrigins* origins, const std::string& id, const std::string& call_id,
                                     const std::string& name, const std::string& arguments, const char* status);

}  // namespace gw::wire
