// New API's Gemini model suffixes: "-thinking-<budget>" (clamped per model), "-thinking",
// "-nothinking" and effort suffixes ("-low", "-medium", "-high"). The suffix never reaches the URL.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace gemini_plugin {

// Strips a suffix from `model` and writes generationConfig.thinkingConfig; true when it changed
// the body.
bool apply_thinking_suffix(nlohmann::json& body, std::string& model);

// The budget range a model accepts.
struct BudgetRange {
    int64_t min, max;
};
BudgetRange budget_range(const std::string& model);

}  // namespace gemini_plugin
