// Relay request intake: the body read once, decompressed when the client sent gzip or deflate
// (bounded: a decompression bomb gets 413), parsed, with what routing needs pulled out.
#pragma once

#include "http/request.hpp"
#include "relay/openai_error.hpp"
#include "wire/dialect.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <variant>

namespace gw::relay {

// What billing and routing need from an image or audio request (JSON or multipart/form-data).
struct MediaFields {
    bool multipart = false;
    std::string boundary;       // multipart only
    int64_t n = 1;              // images asked for
    std::string size, quality;  // images: size and quality ratios
    std::string input;          // speech: the text to read
    int64_t upload_bytes = 0;   // transcriptions: the audio file's size
};

struct RelayBody {
    std::shared_ptr<const std::string> bytes;  // as received (decompressed); sent upstream unchanged
    std::string model;
    bool stream = false;
    bool include_usage = false;                   // stream_options.include_usage
    int64_t max_tokens = 0;                       // max_tokens / max_completion_tokens / max_output_tokens
    wire::Dialect dialect = wire::Dialect::chat;  // the client's format
    gw_api_kind api = GW_API_CHAT;
    mutable std::shared_ptr<const nlohmann::json> hub;  // hub_request's cache
    std::shared_ptr<const MediaFields> media;           // images and audio only
};

// Takes the body out of `req` (moved, not copied). require_model: false for routes where the
// model may be absent.
std::variant<RelayBody, RelayError> read_body(http::HttpRequest& req, size_t max_bytes,
                                              bool require_model = true);

// The body as a JSON document, for the rare paths that need more than the routing fields.
nlohmann::json parse_document(const RelayBody& body);

// The request in the hub's shape (chat completions), converted on first use and kept. Throws
// wire::ConversionError when the body cannot be expressed there.
const nlohmann::json& hub_request(const RelayBody& body);

// Inflates gzip/zlib/deflate data up to max_out bytes; nullopt when corrupt or larger.
std::variant<std::string, RelayError> inflate_body(const std::string& data, const std::string& encoding,
                                                   size_t max_out);

}  // namespace gw::relay
