#include "relay/not_found.hpp"

#include "wire/convert.hpp"

namespace gw::relay {
namespace {

bool starts_with(const std::string& s, const char* prefix) {
    return s.rfind(prefix, 0) == 0;
}

// Claude's shape for its paths or its headers, Gemini's for its native paths or key, else OpenAI's.
wire::Dialect client_dialect(const http::HttpRequest& req) {
    if (starts_with(req.path, "/v1/messages") || !req.header("anthropic-version").empty()) return wire::Dialect::claude;
    if ((starts_with(req.path, "/v1beta/") && !starts_with(req.path, "/v1beta/openai")) ||
        !req.header("x-goog-api-key").empty())
        return wire::Dialect::gemini;
    return wire::Dialect::chat;
}

}  // namespace

std::optional<http::EarlyAnswer> relay_not_found(const http::HttpRequest& req) {
    const std::string& p = req.path;
    bool relay = p == "/v1" || p == "/v1beta" || starts_with(p, "/v1/") || starts_with(p, "/v1beta/");
    bool management = p == "/api" || starts_with(p, "/api/");  // New API answers these alike
    if (!relay && !management) return std::nullopt;
    // Without the request id in the message, as New API's RelayNotFound (the header carries it).
    return http::EarlyAnswer{404,
                             wire::error_body(client_dialect(req), 404, "Invalid URL (" + req.method + " " + p + ")",
                                              "invalid_request_error", "")};
}

}  // namespace gw::relay
