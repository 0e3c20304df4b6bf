// Parses a complete request head (request line and header fields) into an HttpRequest, strictly
// where a lenient reading would let two parsers disagree on where a request ends (request
// smuggling): conflicting Content-Length values, Content-Length beside Transfer-Encoding, folded
// or malformed header lines are refused.
#pragma once

#include "http/request.hpp"

#include <string>
#include <string_view>

namespace gw::http {

struct RequestHead {
    bool http11 = true;
    bool chunked = false;
    size_t content_length = 0;
    int status = 0;  // of a refusal: 0 means 400
};

// Fills `out` (method, path, query, headers, cookies); returns an error message, or "".
std::string parse_request_head(std::string_view head, HttpRequest& out, RequestHead& meta);

// "a=1&b=x%20y+z" -> (a,1) (b,"x y z"), as a form or a URL query is decoded.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);

}  // namespace gw::http
