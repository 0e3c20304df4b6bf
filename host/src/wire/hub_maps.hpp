// How finish reasons and usage translate between the hub (chat completions) and the other
// formats. Hub usage follows OpenAI: prompt_tokens includes cached and cache-write tokens.
#pragma once

#include "wire/json_util.hpp"

namespace gw::wire {

std::string claude_stop_to_hub(const std::string& stop_reason);
std::string hub_finish_to_claude(const std::string& finish_reason);
std::string gemini_finish_to_hub(const std::string& reason, bool called_tools);
std::string hub_finish_to_gemini(const std::string& finish_reason);

json claude_usage_to_hub(const json& u);
json hub_usage_to_claude(const json& u);
json gemini_usage_to_hub(const json& u);
json hub_usage_to_gemini(const json& u);
json responses_usage_to_hub(const json& u);
json hub_usage_to_responses(const json& u);

// The hub's reasoning effort for a thinking budget, and back.
std::string effort_for_budget(int64_t budget);
int64_t budget_for_effort(const std::string& effort, int64_t max_tokens);

}  // namespace gw::wire
