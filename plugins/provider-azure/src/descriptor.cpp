#include "descriptor.hpp"

namespace azure_plugin {
namespace {

const char* kSchema = R"json({
  "type": "object",
  "required": ["base_url"],
  "properties": {
    "base_url": {"type": "string", "title": "Endpoint", "description": "https://<resource>.openai.azure.com"},
    "other": {"type": "string", "title": "API version",
              "description": "api-version for deployment URLs; AZURE_DEFAULT_API_VERSION (2025-04-01-preview) when empty"},
    "settings": {"type": "object", "properties": {
      "azure_responses_version": {"type": "string", "title": "api-version for /openai/v1/responses (none when empty)"}}}
  }
})json";

}  // namespace

gw::ProviderSpec descriptor() {
    gw::ProviderSpec s;
    s.id = "org.newapi.provider.azure";
    s.name = "Azure OpenAI";
    s.vendor = "new-api";
    s.version = "1.0.0";
    s.description = "Azure OpenAI deployments (chat, completions, embeddings) and the v1 Responses API";
    s.channel_types = {{3, "Azure", "", {"gpt-4o", "gpt-4o-mini", "gpt-4.1", "o3-mini", "text-embedding-3-small"}}};
    s.capabilities = {"chat",   "chat.stream", "completions", "embeddings", "responses",
                      "images", "audio",       "moderations", "realtime",   "wire.openai"};
    s.config_schema_json = kSchema;
    return s;
}

}  // namespace azure_plugin
