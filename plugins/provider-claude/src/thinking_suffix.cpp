#include "thinking_suffix.hpp"

namespace claude_plugin {

bool apply_thinking_suffix(nlohmann::json& body, std::string& model) {
    static const std::string kSuffix = "-thinking";
    if (model.size() <= kSuffix.size() || model.compare(model.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0)
        return false;
    model.resize(model.size() - kSuffix.size());
    body["model"] = model;
    int64_t max_tokens =
        body.contains("max_tokens") && body["max_tokens"].is_number_integer() ? body["max_tokens"].get<int64_t>() : 0;
    if (max_tokens < 1280) max_tokens = 1280;
    body["max_tokens"] = max_tokens;
    if (!body.contains("thinking"))
        body["thinking"] = {{"type", "enabled"},
                            {"budget_tokens", static_cast<int64_t>(static_cast<double>(max_tokens) * 0.8)}};
    body["temperature"] = 1.0;
    body.erase("top_p");
    body.erase("top_k");
    return true;
}

}  // namespace claude_plugin
