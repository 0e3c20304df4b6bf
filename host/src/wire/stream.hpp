// Streaming conversions. An upstream stream is turned into hub chunks (chat.completion.chunk
// objects) by a ToHub, and hub chunks into the client's events by a FromHub. Both keep the state
// a format needs (open content blocks, tool-call indexes, usage seen so far).
#pragma once

#include "wire/json_util.hpp"

#include <string>
#include <vector>

namespace gw::wire {

struct SseEvent {
    std::string event;  // empty when the format names no events
    std::string data;
};

class ToHub {
public:
    virtual ~ToHub() = default;
    virtual void feed(std::string_view event, std::string_view data, std::vector<json>& out) = 0;
    // The upstream stream ended: emit what is still held back.
    virtual void finish(std::vector<json>&) {}
};

class FromHub {
public:
    virtual ~FromHub() = default;
    virtual void feed(const json& chunk, std::vector<SseEvent>& out) = 0;
    // The stream ended cleanly: close what is open and emit the format's final events.
    virtual void finish(std::vector<SseEvent>& out) = 0;
};

// Fields shared by every hub chunk of one stream.
struct HubStreamHead {
    std::string id, model;
    int64_t created = 0;
    json chunk(json delta, const json& finish_reason = nullptr) const;
    json usage_chunk(const json& usage) const;
};

}  // namespace gw::wire
