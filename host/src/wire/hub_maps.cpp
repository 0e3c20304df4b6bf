#include "wire/hub_maps.hpp"

#include <algorithm>

namespace gw::wire {
namespace {

json hub_usage(int64_t prompt, int64_t completion, int64_t cached, int64_t cache_write, int64_t reasoning) {
    json u = {{"prompt_tokens", prompt}, {"completion_tokens", completion}, {"total_tokens", prompt + completion}};
    u["prompt_tokens_details"] = {{"cached_tokens", cached}};
    if (cache_write) u["prompt_tokens_details"]["cache_creation_tokens"] = cache_write;
    u["completion_tokens_details"] = {{"reasoning_tokens", reasoning}};
    return u;
}

int64_t detail(const json& u, const char* group, const char* key) {
    const json* g = field(u, group);
    return g ? int_of(*g, key) : 0;
}

}  // namespace

std::string claude_stop_to_hub(const std::string& r) {
    if (r == "max_tokens" || r == "model_context_window_exceeded") return "length";
    if (r == "tool_use") return "tool_calls";
    if (r == "refusal") return "content_filter";
    return "stop";
}

std::string hub_finish_to_claude(const std::string& r) {
    if (r == "length") return "max_tokens";
    if (r == "tool_calls" || r == "function_call") return "tool_use";
    if (r == "content_filter") return "refusal";
    return "end_turn";
}

std::string gemini_finish_to_hub(const std::string& r, bool called_tools) {
    if (r == "MAX_TOKENS") return "length";
    if (r == "SAFETY" || r == "RECITATION" || r == "BLOCKLIST" || r == "PROHIBITED_CONTENT" || r == "SPII" ||
        r == "IMAGE_SAFETY")
        return "content_filter";
    return called_tools ? "tool_calls" : "stop";
}

std::string hub_finish_to_gemini(const std::string& r) {
    if (r == "length") return "MAX_TOKENS";
    if (r == "content_filter") return "SAFETY";
    return "STOP";
}

json claude_usage_to_hub(const json& u) {
    int64_t read = int_of(u, "cache_read_input_tokens"), write = int_of(u, "cache_creation_input_tokens");
    return hub_usage(int_of(u, "input_tokens") + read + write, int_of(u, "output_tokens"), read, write, 0);
}

json hub_usage_to_claude(const json& u) {
    int64_t read = detail(u, "prompt_tokens_details", "cached_tokens");
    int64_t write = detail(u, "prompt_tokens_details", "cache_creation_tokens");
    return {{"input_tokens", std::max<int64_t>(0, int_of(u, "prompt_tokens") - read - write)},
            {"output_tokens", int_of(u, "completion_tokens")},
            {"cache_creation_input_tokens", write},
            {"cache_read_input_tokens", read}};
}

// Gemini counts thoughts apart from candidates; the hub counts them as completion tokens.
json gemini_usage_to_hub(const json& u) {
    int64_t thoughts = int_of(u, "thoughtsTokenCount");
    return hub_usage(int_of(u, "promptTokenCount"), int_of(u, "candidatesTokenCount") + thoughts,
                     int_of(u, "cachedContentTokenCount"), 0, thoughts);
}

json hub_usage_to_gemini(const json& u) {
    int64_t reasoning = detail(u, "completion_tokens_details", "reasoning_tokens");
    int64_t prompt = int_of(u, "prompt_tokens"), completion = int_of(u, "completion_tokens");
    json out = {{"promptTokenCount", prompt},
                {"candidatesTokenCount", std::max<int64_t>(0, completion - reasoning)},
                {"totalTokenCount", prompt + completion}};
    if (reasoning) out["thoughtsTokenCount"] = reasoning;
    if (int64_t cached = detail(u, "prompt_tokens_details", "cached_tokens")) out["cachedContentTokenCount"] = cached;
    return out;
}

json responses_usage_to_hub(const json& u) {
    return hub_usage(int_of(u, "input_tokens"), int_of(u, "output_tokens"),
                     detail(u, "input_tokens_details", "cached_tokens"), 0,
                     detail(u, "output_tokens_details", "reasoning_tokens"));
}

json hub_usage_to_responses(const json& u) {
    int64_t prompt = int_of(u, "prompt_tokens"), completion = int_of(u, "completion_tokens");
    return {
        {"input_tokens", prompt},
        {"input_tokens_details", {{"cached_tokens", detail(u, "prompt_tokens_details", "cached_tokens")}}},
        {"output_tokens", completion},
        {"output_tokens_details", {{"reasoning_tokens", detail(u, "completion_tokens_details", "reasoning_tokens")}}},
        {"total_tokens", prompt + completion}};
}

std::string effort_for_budget(int64_t budget) {
    if (budget <= 0) return "none";
    if (budget <= 2048) return "low";
    if (budget <= 8192) return "medium";
    return "high";
}

int64_t budget_for_effort(const std::string& effort, int64_t max_tokens) {
    if (effort == "none") return 0;
    if (effort == "minimal" || effort == "low") return 1024;
    int64_t budget = effort == "medium" ? 8192 : 24576;
    return max_tokens > 0 ? std::clamp<int64_t>(max_tokens * 4 / 5, 1024, budget) : budget;
}

}  // namespace gw::wire
