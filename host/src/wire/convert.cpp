#include "wire/convert.hpp"

#include "common/json_bounded.hpp"
#include "wire/formats.hpp"

namespace gw::wire {

json request_to_hub(Dialect from, const json& body, const ConvertContext& ctx) {
    switch (from) {
        case Dialect::claude:
            return claude_to_hub_request(body);
        case Dialect::gemini:
            return gemini_to_hub_request(body, ctx.model, ctx.stream);
        case Dialect::responses:
            return responses_to_hub_request(body);
        case Dialect::chat:
            break;
    }
    return body;
}

json request_from_hub(Dialect to, json hub) {
    switch (to) {
        case Dialect::claude:
            return hub_to_claude_request(hub);
        case Dialect::gemini:
            return hub_to_gemini_request(hub);
        case Dialect::responses:
            return hub_to_responses_request(hub);
        case Dialect::chat:
            break;
    }
    for (const char* k : {"x_thinking_budget", "x_top_k"}) hub.erase(k);  // hub-only fields
    // Replayed reasoning is not part of the chat API (some upstreams refuse it outright).
    if (hub.contains("messages") && hub["messages"].is_array())
        for (auto& m : hub["messages"])
            if (m.is_object()) m.erase("reasoning_content");
    return hub;
}

json response_to_hub(Dialect from, const json& body, const ConvertContext& ctx) {
    switch (from) {
        case Dialect::claude:
            return claude_to_hub_response(body);
        case Dialect::gemini:
            return gemini_to_hub_response(body, ctx.model);
        case Dialect::responses:
            return responses_to_hub_response(body);
        case Dialect::chat:
            break;
    }
    return body;
}

json response_from_hub(Dialect to, const json& hub, const ConvertContext& ctx) {
    switch (to) {
        case Dialect::claude:
            return hub_to_claude_response(hub);
        case Dialect::gemini:
            return hub_to_gemini_response(hub);
        case Dialect::responses:
            return hub_to_responses_response(hub, ctx.responses_tools.get());
        case Dialect::chat:
            break;
    }
    return hub;
}

json embeddings_request(Dialect from, Dialect to, const json& body, const ConvertContext& ctx) {
    if (from == to) return body;
    if (from == Dialect::gemini && to == Dialect::chat) return gemini_to_openai_embeddings_request(body, ctx.model);
    if (from == Dialect::chat && to == Dialect::gemini) return openai_to_gemini_embeddings_request(body, ctx.model);
    throw ConversionError{
        400, std::string("embeddings cannot be converted from ") + dialect_name(from) + " to " + dialect_name(to)};
}

namespace {

json embeddings_response(Dialect upstream, Dialect client, const json& body, const ConvertContext& ctx) {
    if (upstream == Dialect::chat && client == Dialect::gemini)
        return openai_to_gemini_embeddings_response(body, ctx.batch);
    if (upstream == Dialect::gemini && client == Dialect::chat)
        return gemini_to_openai_embeddings_response(body, ctx.model);
    return body;
}

}  // namespace

std::string convert_response_body(Dialect upstream, Dialect client, std::string_view body, const ConvertContext& ctx) {
    json j = parse_json(body);
    if (!j.is_object()) return std::string(body);
    if (ctx.embeddings) return dump(embeddings_response(upstream, client, j, ctx));
    json hub = response_to_hub(upstream, j, ctx);
    if (ctx.think_tags && client == Dialect::chat) hub = reasoning_into_content(std::move(hub));
    return dump(response_from_hub(client, hub, ctx));
}

namespace {

std::unique_ptr<ToHub> make_to_hub(Dialect d, const ConvertContext& ctx) {
    switch (d) {
        case Dialect::claude:
            return claude_to_hub_stream();
        case Dialect::gemini:
            return gemini_to_hub_stream(ctx.model);
        case Dialect::responses:
            return responses_to_hub_stream();
        case Dialect::chat:
            break;
    }
    return chat_to_hub_stream();
}

std::unique_ptr<FromHub> make_from_hub(Dialect d, const ConvertContext& ctx) {
    switch (d) {
        case Dialect::claude:
            return hub_to_claude_stream(ctx.prompt_tokens);
        case Dialect::gemini:
            return hub_to_gemini_stream();
        case Dialect::responses:
            return hub_to_responses_stream(ctx.responses_tools);
        case Dialect::chat:
            break;
    }
    return hub_to_chat_stream(ctx.include_usage, ctx.think_tags);
}

}  // namespace

StreamPipeline::StreamPipeline(Dialect upstream, Dialect client, const ConvertContext& ctx)
    : to_hub_(make_to_hub(upstream, ctx)), from_hub_(make_from_hub(client, ctx)) {}

StreamPipeline::~StreamPipeline() = default;

void StreamPipeline::feed(std::string_view event, std::string_view data, std::vector<SseEvent>& out) {
    chunks_.clear();
    to_hub_->feed(event, data, chunks_);
    for (const auto& c : chunks_) from_hub_->feed(c, out);
}

void StreamPipeline::finish(std::vector<SseEvent>& out) {
    chunks_.clear();
    to_hub_->finish(chunks_);
    for (const auto& c : chunks_) from_hub_->feed(c, out);
    from_hub_->finish(out);
}

namespace {

const char* claude_error_type(int status) {
    switch (status) {
        case 400:
        case 413:
            return status == 413 ? "request_too_large" : "invalid_request_error";
        case 401:
            return "authentication_error";
        case 402:
            return "billing_error";
        case 403:
            return "permission_error";
        case 404:
            return "not_found_error";
        case 429:
            return "rate_limit_error";
        case 503:
        case 529:
            return "overloaded_error";
        default:
            return status < 500 ? "invalid_request_error" : "api_error";
    }
}

const char* google_status(int status) {
    switch (status) {
        case 400:
            return "INVALID_ARGUMENT";
        case 401:
            return "UNAUTHENTICATED";
        case 403:
            return "PERMISSION_DENIED";
        case 404:
            return "NOT_FOUND";
        case 409:
            return "ABORTED";
        case 413:
            return "INVALID_ARGUMENT";
        case 429:
            return "RESOURCE_EXHAUSTED";
        case 501:
            return "UNIMPLEMENTED";
        case 503:
            return "UNAVAILABLE";
        case 504:
            return "DEADLINE_EXCEEDED";
        default:
            return status < 500 ? "FAILED_PRECONDITION" : "INTERNAL";
    }
}

json error_json(Dialect d, int status, const std::string& message, const std::string& type, const std::string& code) {
    switch (d) {
        case Dialect::claude:
            return {{"type", "error"}, {"error", {{"type", claude_error_type(status)}, {"message", message}}}};
        case Dialect::gemini:
            return {{"error", {{"code", status}, {"message", message}, {"status", google_status(status)}}}};
        default:
            return {{"error",
                     {{"message", message},
                      {"type", type},
                      {"param", ""},
                      {"code", code.empty() ? json(nullptr) : json(code)}}}};
    }
}

}  // namespace

std::string error_body(Dialect d, int status, const std::string& message, const std::string& type,
                       const std::string& code) {
    return dump(error_json(d, status, message, type, code));
}

SseEvent stream_error_event(Dialect d, int status, const std::string& message, const std::string& type,
                            const std::string& code) {
    if (d == Dialect::claude) return {"error", error_body(d, status, message, type, code)};
    if (d == Dialect::responses) {
        json e = {{"type", "error"}, {"code", code.empty() ? type : code}, {"message", message}, {"param", nullptr}};
        return {"error", dump(e)};
    }
    return {"", error_body(d, status, message, type, code)};
}

bool ends_with_done(Dialect d) {
    return d == Dialect::chat;
}

}  // namespace gw::wire
