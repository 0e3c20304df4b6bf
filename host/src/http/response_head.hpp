// The status line and headers of a response the host writes itself (streams, and plain answers
// on the connection's reactor thread), bypassing Pistache's writer.
#pragma once

#include "http/responder.hpp"

#include <string>

namespace gw::http {

struct ResponderState;

// Ends with the blank line. `framing` is the Content-Length or Transfer-Encoding header line.
std::string response_head(const ResponderState& st, int status, const HeaderList& headers, const std::string& framing);

}  // namespace gw::http
