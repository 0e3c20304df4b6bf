#include "descriptor.hpp"

namespace gemini_plugin {
namespace {

const char* kSchema = R"json({
  "type": "object",
  "properties": {
    "base_url": {"type": "string", "title": "Base URL", "description": "API root, e.g. https://generativelanguage.googleapis.com"},
    "other": {"type": "string", "title": "API version", "description": "v1beta (default) or v1"},
    "settings": {"type": "object", "properties": {
      "gemini_api_versions": {"type": "object", "title": "API version per model", "additionalProperties": {"type": "string"}},
      "gemini_safety_setting": {"type": "string", "title": "Safety threshold for converted requests",
                                "description": "BLOCK_NONE (default, or GEMINI_SAFETY_SETTING), OFF, BLOCK_ONLY_HIGH, ..."}}}
  }
})json";

}  // namespace

gw::ProviderSpec descriptor() {
    gw::ProviderSpec s;
    s.id = "org.newapi.provider.gemini";
    s.name = "Google Gemini";
    s.vendor = "new-api";
    s.version = "1.0.0";
    s.description = "Gemini API: native generateContent, streaming and embeddings, with thinking suffixes";
    s.channel_types = {
        {24,
         "Gemini",
         "https://generativelanguage.googleapis.com",
         {"gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite", "gemini-2.0-flash", "text-embedding-004"}}};
    s.capabilities = {"chat", "chat.stream", "embeddings", "images", "wire.gemini"};
    s.config_schema_json = kSchema;
    return s;
}

}  // namespace gemini_plugin
