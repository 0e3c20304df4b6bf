// Anthropic usage objects read into the ABI's usage (cache tokens counted apart from input).
#pragma once

#include <gw/abi/provider.h>
#include <nlohmann/json.hpp>

namespace claude_plugin {

// Merges the fields present in `u` into `into` (stream events report usage in parts).
void merge_usage(const nlohmann::json& u, gw_usage& into);

}  // namespace claude_plugin
