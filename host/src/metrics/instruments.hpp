// The gateway's own instruments, named once here and updated from wherever the event happens.
// Label values are bounded: route patterns (not raw paths), a fixed set of methods, channel ids,
// and model names only once a channel serves them.
#pragma once

#include "metrics/registry.hpp"

#include <cstdint>
#include <string_view>

namespace gw::metrics {

// Registers every family now, so the first scrape shows them all (empty).
void register_instruments();

// "GET", "POST", ... or "OTHER".
std::string_view method_label(std::string_view method);

// An answered HTTP request, by route pattern and status; seconds from the complete request.
void http_answered(std::string_view method, std::string_view route, int status, double seconds);

// A finished relay request. `channel` is empty when none was chosen; `first_token_seconds` is
// negative unless a stream delivered an event.
void relay_finished(std::string_view model, std::string_view channel, int status, double seconds,
                    double first_token_seconds);
// An upstream attempt that failed (kind: an HTTP status class like "5xx", or "transport").
void upstream_error(std::string_view channel, std::string_view kind);
// A request moved on to another channel after this one failed.
void relay_retry(std::string_view channel);
// Streams open to clients now.
Gauge& open_streams();
// A database operation that failed (op: "session", "flush", "reload").
void database_error(std::string_view op);

// Holds one open stream for its lifetime.
class StreamHold {
public:
    StreamHold() { open_streams().add(1); }
    ~StreamHold() { open_streams().add(-1); }
    StreamHold(const StreamHold&) = delete;
    StreamHold& operator=(const StreamHold&) = delete;
};

}  // namespace gw::metrics
