// Dify's chat-messages API (ChatFlow and Agent apps) as an OpenAI chat completions upstream, the
// way New API carries it: the conversation is flattened into one query ("SYSTEM:", "USER:",
// "ASSISTANT:" sections), remote images become remote_url files, and Dify's answers and stream
// events come back as chat completions and chunks.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace dify_plugin {

// The chat-messages body for an OpenAI chat request; `fallback_user` when it names no user.
nlohmann::json dify_request(const nlohmann::json& chat, const std::string& fallback_user);

// A blocking answer as a chat completion.
nlohmann::json chat_completion(const nlohmann::json& answer, const std::string& model);

// One stream event as a chunk: "message"/"agent_message" carry text; with `debug` (DIFY_DEBUG),
// workflow and node progress is sent as reasoning. Null for events with nothing to send.
nlohmann::json chat_chunk(const nlohmann::json& event, const std::string& model, bool debug);

// Dify's usage object as OpenAI's (prompt/completion/total tokens).
nlohmann::json usage_of(const nlohmann::json& event);

}  // namespace dify_plugin
