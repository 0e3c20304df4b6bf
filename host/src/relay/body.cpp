#include "relay/body.hpp"

#include "common/json_bounded.hpp"
#include "common/strings.hpp"
#include "wire/convert.hpp"

#include <zlib.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

namespace gw::relay {

std::variant<std::string, RelayError> inflate_body(const std::string& data, const std::string& encoding,
                                                   size_t max_out) {
    z_stream zs{};
    const int bits = 15 + 32;  // accept both gzip and zlib framing
    if (inflateInit2(&zs, bits) != Z_OK)
        return RelayError{500, "cannot decompress the request body", "new_api_error", ""};
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
            return RelayError{400, "invalid " + encoding + " request body", "invalid_request_error",
                              "bad_request_body"};
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

namespace {

// Validates the JSON and picks out the routing fields in one pass, without building a document:
// "model", "stream" and the output limit (max_tokens, max_completion_tokens, max_output_tokens)
// at the top level, and "stream_options.include_usage".
struct RoutingFields : nlohmann::json_sax<nlohmann::json> {
    size_t depth = 0;
    bool object = false, in_options = false, too_deep = false;
    std::string current;  // the last key seen
    std::string model;
    bool stream = false, include_usage = false;
    int64_t max_tokens = 0;

    bool null() override { return true; }
    void limit(int64_t v) {
        if (depth == 1 &&
            (current == "max_tokens" || current == "max_completion_tokens" || current == "max_output_tokens"))
            max_tokens = v;
    }
    bool boolean(bool v) override {
        if (depth == 1 && current == "stream") stream = v;
        if (depth == 2 && in_options && current == "include_usage") include_usage = v;
        return true;
    }
    bool number_integer(number_integer_t v) override {
        limit(v);
        return true;
    }
    // Past int64 (or a huge float) the limit saturates: priced as absurd, never wrapped negative.
    bool number_unsigned(number_unsigned_t v) override {
        constexpr auto max = std::numeric_limits<int64_t>::max();
        limit(v > static_cast<number_unsigned_t>(max) ? max : static_cast<int64_t>(v));
        return true;
    }
    bool number_float(number_float_t v, const string_t&) override {
        constexpr auto max = std::numeric_limits<int64_t>::max();
        if (std::isfinite(v) && v >= 0) limit(v >= 9.2e18 ? max : static_cast<int64_t>(v));
        if (std::isfinite(v) && v < 0) limit(-1);
        return true;
    }
    bool string(string_t& v) override {
        if (depth == 1 && current == "model") model = v;
        return true;
    }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override {
        if (depth == 0) object = true;
        in_options = depth == 1 && current == "stream_options";
        return enter();
    }
    bool key(string_t& k) override {
        current = k;
        return true;
    }
    bool end_object() override {
        if (--depth == 1) in_options = false;
        current.clear();
        return true;
    }
    bool start_array(std::size_t) override { return enter(); }
    bool enter() {
        too_deep = ++depth > kMaxJsonDepth;
        return !too_deep;
    }
    bool end_array() override {
        --depth;
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }
};

}  // namespace

nlohmann::json parse_document(const RelayBody& body) {
    return parse_json(*body.bytes);
}

const nlohmann::json& hub_request(const RelayBody& body) {
    if (!body.hub) {
        wire::ConvertContext ctx;
        ctx.model = body.model;
        ctx.stream = body.stream;
        ctx.include_usage = body.include_usage;
        body.hub =
            std::make_shared<const nlohmann::json>(wire::request_to_hub(body.dialect, parse_document(body), ctx));
    }
    return *body.hub;
}

std::variant<RelayBody, RelayError> read_body(http::HttpRequest& req, size_t max_bytes, bool require_model) {
    RelayBody out;
    std::string encoding = to_lower(trim(req.header("content-encoding")));
    if (encoding == "gzip" || encoding == "deflate") {
        auto inflated = inflate_body(req.body, encoding, max_bytes);
        if (auto* e = std::get_if<RelayError>(&inflated)) return *e;
        out.bytes = std::make_shared<const std::string>(std::move(std::get<std::string>(inflated)));
    } else if (!encoding.empty() && encoding != "identity") {
        return RelayError{415, "unsupported Content-Encoding " + encoding, "invalid_request_error", "bad_request_body"};
    } else {
        out.bytes = std::make_shared<const std::string>(std::move(req.body));
    }
    if (out.bytes->size() > max_bytes)
        return RelayError{413, "request body too large", "invalid_request_error", "read_request_body_failed"};
    RoutingFields f;
    bool parsed = nlohmann::json::sax_parse(*out.bytes, &f);
    if (f.too_deep)
        return RelayError{400,
                          "invalid request body: JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels",
                          "invalid_request_error", "bad_request_body"};
    if (!parsed || !f.object)
        return RelayError{400, "invalid request body: not a JSON object", "invalid_request_error", "bad_request_body"};
    out.model = f.model;
    out.stream = f.stream;
    out.include_usage = f.include_usage;
    out.max_tokens = f.max_tokens;
    if (require_model && out.model.empty())
        return RelayError{400, "model is required", "invalid_request_error", "invalid_request"};
    return out;
}

}  // namespace gw::relay
