// Frames HTTP/1.1 requests out of a connection's bytes, in one pass: the head is scanned
// incrementally and parsed once it is complete, so a long head costs linear time; heads above
// `max_head` and bodies above `max_body` are refused before more is read (431, 413), by
// Content-Length up front and by a running count for chunked bodies. Pipelined requests stay
// buffered for the next call. Pure: no sockets, no threads.
#pragma once

#include "http/request.hpp"

#include <cstddef>
#include <string>

namespace gw::http {

struct ReaderLimits {
    size_t max_head = 1u << 20;  // request line and headers, as New API's server
    size_t max_body = 128u << 20;
};

// A request the reader refuses; the connection is answered and closed.
struct Refusal {
    int status = 0;
    std::string message;
};

class RequestReader {
public:
    explicit RequestReader(ReaderLimits limits) : limits_(limits) {}

    enum class Step { need_more, head, request, refused };

    void feed(const char* data, size_t n) { in_.append(data, n); }
    // Advances as far as the buffered bytes allow. `head` is returned once per request when its
    // head is complete (the caller may refuse it before the body is read; `current()` then
    // holds method, path, query and headers); `request` when the body is complete too.
    Step next();
    HttpRequest& current() { return request_; }
    bool http11() const { return http11_; }
    const Refusal& refusal() const { return refusal_; }
    // Takes the finished request and starts on the next one.
    HttpRequest take();

    bool empty() const { return in_.empty() && !started_; }  // between requests, nothing buffered
    bool reading_head() const { return !head_done_; }
    bool expects_body() const { return body_ != Body::none; }
    size_t buffered() const { return in_.size(); }

private:
    enum class Body { none, length, chunked };
    Step refuse(int status, std::string message);
    Step read_head();
    Step parse_head(std::string_view head);
    Step frame_body();
    Step read_length_body();
    Step read_chunked_body();
    bool read_chunk_size(size_t& size, bool& need_more);

    ReaderLimits limits_;
    std::string in_;      // received, not yet consumed
    size_t scanned_ = 0;  // bytes of in_ already searched for the end of the head
    bool started_ = false, head_done_ = false, head_reported_ = false, http11_ = true;
    Body body_ = Body::none;
    size_t remaining_ = 0;  // of the current Content-Length body or chunk (with its CRLF)
    bool in_chunk_ = false, in_trailers_ = false;
    HttpRequest request_;
    Refusal refusal_;
};

}  // namespace gw::http
