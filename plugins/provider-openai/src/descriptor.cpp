#include "descriptor.hpp"

namespace openai_plugin {
namespace {

const std::vector<std::string> kOpenAIModels = {"gpt-4o",
                                                "gpt-4o-mini",
                                                "gpt-4.1",
                                                "gpt-4.1-mini",
                                                "gpt-4.1-nano",
                                                "gpt-5",
                                                "gpt-5-mini",
                                                "gpt-5-nano",
                                                "o1",
                                                "o3",
                                                "o3-mini",
                                                "o4-mini",
                                                "text-embedding-3-small",
                                                "text-embedding-3-large",
                                                "text-embedding-ada-002"};

const char* kSchema = R"json({
  "type": "object",
  "properties": {
    "base_url": {"type": "string", "title": "Base URL",
                 "description": "API root, e.g. https://api.openai.com (Custom: the full URL, {model} substituted)"},
    "openai_organization": {"type": "string", "title": "OpenAI-Organization header"}
  }
})json";

}  // namespace

gw::ProviderSpec descriptor() {
    gw::ProviderSpec s;
    s.id = "org.newapi.provider.openai";
    s.name = "OpenAI";
    s.vendor = "new-api";
    s.version = "1.0.0";
    s.description = "OpenAI and OpenAI-compatible upstreams (chat, completions, embeddings, responses)";
    s.channel_types = {
        {1, "OpenAI", "https://api.openai.com", kOpenAIModels},
        {4, "Ollama", "http://localhost:11434", {}},
        {8, "Custom", "", {}},
        {20, "OpenRouter", "https://openrouter.ai/api", {}},
        {25, "Moonshot", "https://api.moonshot.cn", {"moonshot-v1-8k", "moonshot-v1-32k", "moonshot-v1-128k"}},
        {40, "SiliconFlow", "https://api.siliconflow.cn", {}},
        {42, "Mistral", "https://api.mistral.ai", {"mistral-large-latest", "mistral-small-latest"}},
        {43, "DeepSeek", "https://api.deepseek.com", {"deepseek-chat", "deepseek-reasoner"}},
        {47, "Xinference", "", {}},
        {48, "xAI", "https://api.x.ai", {"grok-3", "grok-3-mini", "grok-4"}},
    };
    s.capabilities = {"chat",   "chat.stream", "completions", "embeddings", "responses",
                      "images", "audio",       "moderations", "realtime",   "wire.openai"};
    s.config_schema_json = kSchema;
    return s;
}

}  // namespace openai_plugin
