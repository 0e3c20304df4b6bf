// The wire-format layer: requests, whole responses and streams converted between the client's
// dialect and the upstream's, always through the hub (chat completions). Shared by every provider.
#pragma once

#include "wire/dialect.hpp"
#include "wire/json_util.hpp"
#include "wire/responses_tools.hpp"
#include "wire/stream.hpp"

#include <memory>
#include <string>
#include <vector>

namespace gw::wire {

struct ConvertContext {
    std::string model;           // the model the client asked for (Gemini carries it in the URL)
    bool stream = false;         // Gemini carries this in the URL too
    bool include_usage = false;  // a chat client asked for the usage chunk
    bool think_tags = false;     // thinking_to_content: reasoning re-emitted as <think> content
    bool embeddings = false;     // an embeddings request rather than a chat-family one
    bool batch = false;          // Gemini's batchEmbedContents (vs embedContent)
    int64_t prompt_tokens = 0;   // counted at admission: Claude's message_start reports it
    std::shared_ptr<const ToolOrigins> responses_tools;  // a Responses client's namespaced and custom tools
};

// Throw ConversionError on input the conversion cannot carry.
json request_to_hub(Dialect from, const json& body, const ConvertContext& ctx);
json request_from_hub(Dialect to, json hub);
json response_to_hub(Dialect from, const json& body, const ConvertContext& ctx);
json response_from_hub(Dialect to, const json& hub, const ConvertContext& ctx = {});

// Embeddings requests between OpenAI's and Gemini's shapes (the other dialects have none).
json embeddings_request(Dialect from, Dialect to, const json& body, const ConvertContext& ctx);

// A whole upstream body in the client's dialect (upstream and client may be the same dialect
// when only thinking_to_content applies).
std::string convert_response_body(Dialect upstream, Dialect client, std::string_view body, const ConvertContext& ctx);

class StreamPipeline {
public:
    StreamPipeline(Dialect upstream, Dialect client, const ConvertContext& ctx);
    ~StreamPipeline();
    void feed(std::string_view event, std::string_view data, std::vector<SseEvent>& out);
    // The upstream stream ended cleanly: the client's closing events.
    void finish(std::vector<SseEvent>& out);

private:
    std::unique_ptr<ToHub> to_hub_;
    std::unique_ptr<FromHub> from_hub_;
    std::vector<json> chunks_;
};

// Error bodies in each dialect's shape.
std::string error_body(Dialect d, int status, const std::string& message, const std::string& type,
                       const std::string& code);
// The event a stream carries when it fails after it started.
SseEvent stream_error_event(Dialect d, int status, const std::string& message, const std::string& type,
                            const std::string& code);
// Chat completions streams end with "data: [DONE]"; the other dialects have their own final event.
bool ends_with_done(Dialect d);

}  // namespace gw::wire
