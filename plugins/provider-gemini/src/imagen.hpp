// OpenAI image generations on Imagen (models/{model}:predict), as New API carries them: prompt,
// n as sampleCount, size as the nearest aspect ratio; the predictions come back as b64_json.
#pragma once

#include <nlohmann/json.hpp>

namespace gemini_plugin {

nlohmann::json imagen_request(const nlohmann::json& openai_request);
nlohmann::json openai_images(const nlohmann::json& predictions, int64_t created);

}  // namespace gemini_plugin
