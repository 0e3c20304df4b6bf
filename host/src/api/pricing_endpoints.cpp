#include "api/pricing_endpoints.hpp"

#include <map>

namespace gw::api {
namespace {

bool starts_with(const std::string& s, const char* prefix) {
    return s.rfind(prefix, 0) == 0;
}

bool image_model(const std::string& m) {
    return starts_with(m, "dall-e") || starts_with(m, "gpt-image") || starts_with(m, "imagen");
}

bool embedding_model(const std::string& m) {
    return m.find("embedding") != std::string::npos || starts_with(m, "bge-") || starts_with(m, "m3e");
}

}  // namespace

std::vector<std::string> endpoint_types(int channel_type, const std::string& model) {
    std::vector<std::string> types;
    if (image_model(model)) types.emplace_back("image-generation");  // first: the preferred one
    switch (channel_type) {
        case 38:  // Jina
            types.emplace_back("jina-rerank");
            break;
        case 14:  // Anthropic
        case 33:  // AWS Bedrock
            types.insert(types.end(), {"anthropic", "openai"});
            break;
        case 24:  // Gemini
        case 41:  // Vertex AI
            types.insert(types.end(), {"gemini", "openai"});
            break;
        case 39:  // Cloudflare
            types.insert(types.end(), {"openai", "embeddings"});
            break;
        default:
            types.emplace_back(embedding_model(model) ? "embeddings" : "openai");
    }
    return types;
}

const EndpointInfo* default_endpoint(const std::string& type) {
    static const std::map<std::string, EndpointInfo> defaults = {
        {"openai", {"/v1/chat/completions", "POST"}},
        {"openai-response", {"/v1/responses", "POST"}},
        {"openai-response-compact", {"/v1/responses/compact", "POST"}},
        {"anthropic", {"/v1/messages", "POST"}},
        {"gemini", {"/v1beta/models/{model}:generateContent", "POST"}},
        {"jina-rerank", {"/v1/rerank", "POST"}},
        {"image-generation", {"/v1/images/generations", "POST"}},
        {"embeddings", {"/v1/embeddings", "POST"}},
    };
    auto it = defaults.find(type);
    return it == defaults.end() ? nullptr : &it->second;
}

}  // namespace gw::api
