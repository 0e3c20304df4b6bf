#include "relay/count_tokens.hpp"

#include "common/json_bounded.hpp"
#include "relay/openai_error.hpp"
#include "relay/upstream_count.hpp"
#include "relay/usage_estimate.hpp"
#include "wire/formats.hpp"

#include <nlohmann/json.hpp>

namespace gw::relay {
namespace {

using nlohmann::json;

int64_t prompt_tokens(const RelayServices& s, const std::string& model, const json& hub, size_t body_size) {
    if (!s.tokenizer) return static_cast<int64_t>(body_size / 4);  // no BPE tables: a rough estimate
    return estimate_prompt_tokens(*s.tokenizer, model, GW_API_CHAT, hub);
}

void bad_request(const http::Responder& res, wire::Dialect d, const std::string& why) {
    send_error(res, d, RelayError{400, why, "invalid_request_error", ""});
}

}  // namespace

void count_claude_tokens(RelayServices& s, const http::HttpRequest& req, const http::Responder& res) {
    json body = parse_json(req.body);
    if (!body.is_object() || !body.contains("messages") || !body["messages"].is_array())
        return bad_request(res, wire::Dialect::claude, "messages: Field required");
    std::string model = body.value("model", "");
    if (model.empty()) return bad_request(res, wire::Dialect::claude, "model: Field required");
    if (auto counted = count_upstream(s, req, wire::Dialect::claude, model, req.body))
        return res.send(200, std::move(*counted));
    if (!body.contains("max_tokens")) body["max_tokens"] = 1;  // not part of counting, required by the converter
    json hub = wire::claude_to_hub_request(body);
    res.send(200, json{{"input_tokens", prompt_tokens(s, model, hub, req.body.size())}}.dump());
}

void count_gemini_tokens(RelayServices& s, const std::string& model, const http::HttpRequest& req,
                         const http::Responder& res) {
    if (auto counted = count_upstream(s, req, wire::Dialect::gemini, model, req.body))
        return res.send(200, std::move(*counted));
    json body = parse_json(req.body);
    if (body.is_object() && body.contains("generateContentRequest")) body = body["generateContentRequest"];
    if (!body.is_object() || !body.contains("contents") || !body["contents"].is_array())
        return bad_request(res, wire::Dialect::gemini, "contents is required");
    json hub = wire::gemini_to_hub_request(body, model, false);
    res.send(200, json{{"totalTokens", prompt_tokens(s, model, hub, req.body.size())}}.dump());
}

}  // namespace gw::relay
