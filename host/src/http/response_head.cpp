#include "http/response_head.hpp"

#include "http/responder_state.hpp"

namespace gw::http {

namespace {

const char* reason(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 201:
            return "Created";
        case 204:
            return "No Content";
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 408:
            return "Request Timeout";
        case 413:
            return "Payload Too Large";
        case 429:
            return "Too Many Requests";
        case 431:
            return "Request Header Fields Too Large";
        case 500:
            return "Internal Server Error";
        case 501:
            return "Not Implemented";
        case 502:
            return "Bad Gateway";
        case 503:
            return "Service Unavailable";
        case 504:
            return "Gateway Timeout";
        case 505:
            return "HTTP Version Not Supported";
        default:
            return "Status";
    }
}

}  // namespace

std::string response_head(const ResponderState& st, int status, const HeaderList& headers, const std::string& framing) {
    std::string head = "HTTP/1.1 " + std::to_string(status) + " " + reason(status) + "\r\n";
    for (const auto& [n, v] : headers) head += n + ": " + v + "\r\n";
    for (const auto& [n, v] : st.extra_headers) head += n + ": " + v + "\r\n";
    head += "X-Oneapi-Request-Id: " + st.request_id + "\r\n";
    head += std::string("Connection: ") + (st.keep_alive ? "keep-alive" : "close") + "\r\n";
    head += framing + "\r\n\r\n";
    return head;
}

}  // namespace gw::http
