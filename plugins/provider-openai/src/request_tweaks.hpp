// New API's per-model adjustments of an OpenAI-style request body before it goes upstream.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace openai_plugin {

// "-high", "-medium", "-low", "-minimal", "-none", "-xhigh" on a reasoning model: the base model
// and the effort; effort is empty when the name carries no such suffix.
struct EffortSuffix {
    std::string model, effort;
};
EffortSuffix split_effort_suffix(const std::string& model);

bool is_o_series(const std::string& model);
bool is_gpt5(const std::string& model);
// Models that refuse max_tokens (o-series and every gpt-5*, chat variants included).
bool takes_max_completion_tokens(const std::string& model);

// Applies the tweaks to a chat/completions/responses body; returns true when it changed.
// upstream_model is written into "model" when it differs.
bool apply_tweaks(nlohmann::json& body, bool responses_api, const std::string& upstream_model, bool force_stream_usage);

}  // namespace openai_plugin
