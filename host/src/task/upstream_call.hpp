// One outbound request run to its end and collected whole, for task submits and polls. Waits on
// the calling thread: call it from a worker or the poller, never from a reactor thread.
#pragma once

#include "upstream/http_client.hpp"

#include <string>

namespace gw::task {

struct Answer {
    int status = 0;
    std::string body;
    upstream::Headers headers;
    upstream::Result result;
    bool ok() const { return result.outcome == upstream::Outcome::ok; }
};

// Answers larger than `max_body` bytes are cut there and fail as a transport error.
Answer call_upstream(upstream::HttpClient& http, upstream::Request request, size_t max_body = 64u << 20);

}  // namespace gw::task
