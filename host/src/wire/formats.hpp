// Every per-format converter, to and from the hub (chat completions). Used through convert.hpp;
// declared here so the golden tests can exercise each one alone.
#pragma once

#include "wire/json_util.hpp"
#include "wire/responses_tools.hpp"
#include "wire/stream.hpp"

#include <functional>
#include <memory>

namespace gw::wire {

// Claude Messages. validate_claude_request throws ConversionError on what Anthropic refuses.
void validate_claude_request(const json& in);
json claude_to_hub_request(const json& in);
json hub_to_claude_request(const json& in);
json claude_to_hub_response(const json& in);
json hub_to_claude_response(const json& in);
std::unique_ptr<ToHub> claude_to_hub_stream();
// input_tokens: what message_start reports before the upstream's usage arrives.
std::unique_ptr<FromHub> hub_to_claude_stream(int64_t input_tokens);
// Content blocks as a hub assistant message, and back (thinking blocks only when asked: Claude
// refuses replayed thinking without its signature).
json claude_blocks_to_hub(const json& blocks);
json hub_to_claude_blocks(const json& message, bool with_thinking);

// Gemini generateContent; the model and stream flag come from the URL.
json gemini_to_hub_request(const json& in, const std::string& model, bool stream);
json hub_to_gemini_request(const json& in);
json gemini_to_hub_response(const json& in, const std::string& model);
json hub_to_gemini_response(const json& in);
std::unique_ptr<ToHub> gemini_to_hub_stream(const std::string& model);
std::unique_ptr<FromHub> hub_to_gemini_stream();

struct GeminiParts {
    std::string text, reasoning;
    json tool_calls = json::array();  // hub tool calls, with "index"
};
// Reads parts; calls without an id get make_id(n) for the n-th call (counted in call_counter,
// which also gives each call its stream "index").
GeminiParts read_gemini_parts(const json& parts, int& call_counter, const std::function<std::string(int)>& make_id);
bool is_thought(const json& part);
const json& candidate_parts(const json& candidate);
std::string random_call_id(int);
// Gemini parts for a hub message or delta (thoughts, text and, when asked, function calls).
json gemini_candidate_parts(const json& message_or_delta, bool with_tool_calls);

// OpenAI Responses.
json responses_to_hub_request(const json& in);
json hub_to_responses_request(const json& in);
json responses_to_hub_response(const json& in);
json hub_to_responses_response(const json& in, const ToolOrigins* tools = nullptr);
std::unique_ptr<ToHub> responses_to_hub_stream();
std::unique_ptr<FromHub> hub_to_responses_stream(std::shared_ptr<const ToolOrigins> tools = nullptr);

struct ResponsesHead {
    std::string id, model;
    int64_t created = 0;
};
// A Responses object; an empty finish means still in progress, a null usage none yet.
json responses_object(const ResponsesHead& head, json output, const std::string& finish, const json& usage);
json responses_message_item(const std::string& id, const std::string& text, const char* status);
json responses_reasoning_item(const std::string& id, const std::string& text);
json responses_call_item(const std::string& id, const std::string& call_id, const std::string& name,
                         const std::string& arguments, const char* status);

// Embeddings: OpenAI's /v1/embeddings and Gemini's embedContent (single) / batchEmbedContents.
json gemini_to_openai_embeddings_request(const json& in, const std::string& model);
json openai_to_gemini_embeddings_request(const json& in, const std::string& model);
json openai_to_gemini_embeddings_response(const json& in, bool batch);
json gemini_to_openai_embeddings_response(const json& in, const std::string& model);

// Chat completions themselves: parsing chunks, and writing them for a chat client.
std::unique_ptr<ToHub> chat_to_hub_stream();
// include_usage: pass usage-only chunks on; think_tags: reasoning re-emitted as <think> content.
std::unique_ptr<FromHub> hub_to_chat_stream(bool include_usage, bool think_tags);
// thinking_to_content for a whole response.
json reasoning_into_content(json hub_response);

}  // namespace gw::wire
