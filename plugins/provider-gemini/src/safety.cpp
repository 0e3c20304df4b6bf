#include "safety.hpp"

#include <cstdlib>

namespace gemini_plugin {

std::string default_threshold() {
    const char* env = std::getenv("GEMINI_SAFETY_SETTING");
    return env && *env ? env : "BLOCK_NONE";
}

bool add_safety_settings(nlohmann::json& body, const std::string& threshold) {
    if (body.contains("safetySettings") || body.contains("safety_settings")) return false;
    nlohmann::json list = nlohmann::json::array();
    for (const char* c : {"HARM_CATEGORY_HARASSMENT", "HARM_CATEGORY_HATE_SPEECH", "HARM_CATEGORY_SEXUALLY_EXPLICIT",
                          "HARM_CATEGORY_DANGEROUS_CONTENT", "HARM_CATEGORY_CIVIC_INTEGRITY"})
        list.push_back({{"category", c}, {"threshold", threshold}});
    body["safetySettings"] = std::move(list);
    return true;
}

}  // namespace gemini_plugin
