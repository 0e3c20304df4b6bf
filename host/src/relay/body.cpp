#include "relay/body.hpp"

#include "common/strings.hpp"

#include <nlohmann/json.hpp>
#include <zlib.h>

namespace gw::relay {

std::variant<std::string, RelayError> inflate_body(const std::string& data, const std::string& encoding, size_t max_out) {
    z_stream zs{};
    const int bits = 15 + 32;  // accept both gzip and zlib framing
    if (inflateInit2(&zs, bits) != Z_OK) return RelayError{500, "cannot decompress the request body"};
    std::string out;
    char buf[65536];
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof buf;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&zs);
            return RelayError{400, "invalid " + encoding + " request body", "invalid_request_error", "bad_request_body"};
        }
        out.append(buf, sizeof buf - zs.avail_out);
        if (out.size() > max_out) {
            inflateEnd(&zs);
            return RelayError{413, "request body too large", "invalid_request_error", "read_request_body_failed"};
        }
        if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) break;  // truncated input
    }
    inflateEnd(&zs);
    if (rc != Z_STREAM_END)
        return RelayError{400, "truncated " + encoding + " request body", "invalid_request_error", "bad_request_body"};
    return out;
}

std::variant<RelayBody, RelayError> read_body(const http::HttpRequest& req, size_t max_bytes, bool require_model) {
    RelayBody out;
    std::string encoding = to_lower(trim(req.header("content-encoding")));
    if (encoding == "gzip" || encoding == "deflate") {
        auto inflated = inflate_body(req.body, encoding, max_bytes);
        if (auto* e = std::get_if<RelayError>(&inflated)) return *e;
        out.bytes = std::make_shared<const std::string>(std::move(std::get<std::string>(inflated)));
    } else if (!encoding.empty() && encoding != "identity") {
        return RelayError{415, "unsupported Content-Encoding " + encoding, "invalid_request_error", "bad_request_body"};
    } else {
        out.bytes = std::make_shared<const std::string>(req.body);
    }
    if (out.bytes->size() > max_bytes)
        return RelayError{413, "request body too large", "invalid_request_error", "read_request_body_failed"};
    auto j = std::make_shared<nlohmann::json>(nlohmann::json::parse(*out.bytes, nullptr, false));
    if (j->is_discarded() || !j->is_object())
        return RelayError{400, "invalid request body: not a JSON object", "invalid_request_error", "bad_request_body"};
    out.json = j;
    if (j->contains("model") && (*j)["model"].is_string()) out.model = (*j)["model"].get<std::string>();
    if (require_model && out.model.empty())
        return RelayError{400, "model is required", "invalid_request_error", "invalid_request"};
    auto stream = j->find("stream");
    out.stream = stream != j->end() && stream->is_boolean() && stream->get<bool>();
    auto opts = j->find("stream_options");
    if (opts != j->end() && opts->is_object()) {
        auto iu = opts->find("include_usage");
        out.include_usage = iu != opts->end() && iu->is_boolean() && iu->get<bool>();
    }
    return out;
}

}  // namespace gw::relay
