// Safety settings for requests converted from another format: every category at one threshold
// (the channel's gemini_safety_setting, else GEMINI_SAFETY_SETTING, else BLOCK_NONE).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace gemini_plugin {

// Adds safetySettings when the body has none; true when it changed the body.
bool add_safety_settings(nlohmann::json& body, const std::string& threshold);
std::string default_threshold();

}  // namespace gemini_plugin
