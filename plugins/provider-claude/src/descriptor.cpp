#include "descriptor.hpp"

namespace claude_plugin {
namespace {

const char* kSchema = R"json({
  "type": "object",
  "properties": {
    "base_url": {"type": "string", "title": "Base URL", "description": "API root, e.g. https://api.anthropic.com"},
    "settings": {"type": "object", "properties": {
      "claude_beta_query": {"type": "boolean", "title": "Always call /v1/messages?beta=true"}}}
  }
})json";

}  // namespace

gw::ProviderSpec descriptor() {
    gw::ProviderSpec s;
    s.id = "org.newapi.provider.claude";
    s.name = "Anthropic Claude";
    s.vendor = "new-api";
    s.version = "1.0.0";
    s.description = "Anthropic Messages API: native pass-through with thinking, tools, prompt caching and betas";
    s.channel_types = {{14,
                        "Anthropic",
                        "https://api.anthropic.com",
                        {"claude-opus-4-1", "claude-opus-4-0", "claude-sonnet-4-5", "claude-sonnet-4-0",
                         "claude-3-7-sonnet-latest", "claude-3-5-haiku-latest"}}};
    s.capabilities = {"chat", "chat.stream", "wire.claude"};
    s.config_schema_json = kSchema;
    return s;
}

}  // namespace claude_plugin
