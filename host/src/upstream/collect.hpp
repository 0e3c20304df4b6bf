// One outbound request run to its end and collected whole (task submits and polls, payment API
// calls). Waits on the calling thread: call it from a worker or a poller, never from a reactor.
#pragma once

#include "upstream/http_client.hpp"

#include <string>

namespace gw::upstream {

struct Collected {
    int status = 0;
    std::string body;
    Headers headers;
    Result result;
    bool ok() const { return result.outcome == Outcome::ok; }
};

// Answers larger than `max_body` bytes are cut there and fail as a transport error.
Collected collect(HttpClient& http, Request request, size_t max_body = 64u << 20);

}  // namespace gw::upstream
