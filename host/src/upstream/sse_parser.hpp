// Splits a streamed body into server-sent events (or NDJSON lines) as bytes arrive, with a cap
// on the length of one line (STREAM_SCANNER_MAX_BUFFER_MB).
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace gw::upstream {

class EventParser {
public:
    enum class Mode { sse, ndjson };
    // on_event(event, data, id); returning false stops parsing.
    using Sink = std::function<bool(std::string_view event, std::string_view data, std::string_view id)>;

    EventParser(Mode mode, size_t max_line, Sink sink) : mode_(mode), max_line_(max_line), sink_(std::move(sink)) {}

    // False when a line exceeded the cap or the sink asked to stop.
    bool feed(std::string_view bytes);
    // Dispatches an event left unterminated at the end of the stream.
    bool finish();
    bool overflowed() const { return overflowed_; }

private:
    bool line(std::string_view l);
    bool dispatch();

    Mode mode_;
    size_t max_line_;
    Sink sink_;
    std::string buffer_, event_, data_, id_;
    bool has_data_ = false;
    bool overflowed_ = false;
    bool last_was_cr_ = false;
};

}  // namespace gw::upstream
