// "<model>-thinking": the model without the suffix, with extended thinking turned on and a budget
// of 80% of max_tokens (max_tokens at least 1280, temperature 1), as New API does.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace claude_plugin {

// Returns true when the body changed; `model` is the upstream model, stripped in place.
bool apply_thinking_suffix(nlohmann::json& body, std::string& model);

}  // namespace claude_plugin
