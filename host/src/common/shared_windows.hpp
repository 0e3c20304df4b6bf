// Sliding-window request counters every gateway node sees (kept in Redis by
// cluster::RedisWindows), for the rate limits New API keeps in Redis when it has one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace gw {

class SharedWindows {
public:
    enum class Mode {
        check,          // under `max`?
        check_and_add,  // under `max`? then counted
        add,            // counted, no check
    };
    virtual ~SharedWindows() = default;
    // Whether the window `key` (events of the last `window_seconds`) was under `max`; nullopt when
    // the shared store is unreachable (the caller falls back to its own counters).
    virtual std::optional<bool> apply(const std::string& key, int64_t window_seconds, int64_t max, Mode mode) = 0;
};

}  // namespace gw
