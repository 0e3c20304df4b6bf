// A per-key sliding-window limit (New API's in-memory limiter): at most `max` requests within
// `window` seconds per key; further ones are refused until the oldest falls out of the window.
// With shared windows (Redis) the count covers every node; while they are unreachable, this
// node's own count decides.
#pragma once

#include "common/shared_windows.hpp"
#include "http/router.hpp"

#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace gw::http {

class RateLimiter {
public:
    RateLimiter(int max, int window_seconds, SharedWindows* shared = nullptr, std::string name = "")
        : max_(static_cast<size_t>(max)), window_(window_seconds), shared_(shared), name_(std::move(name)) {}
    bool allow(const std::string& key);
    // Keys this node still remembers (those seen within the window, give or take one sweep).
    size_t remembered() const;

private:
    bool allow_locally(const std::string& key);
    // With mutex_ held: forgets keys with no hit inside the window. Run every kSweepEvery calls so
    // one-time keys (sign-in states, ceremony challenges) do not pile up.
    void sweep(std::chrono::steady_clock::time_point now);
    static constexpr size_t kSweepEvery = 1024;

    mutable std::mutex mutex_;
    size_t calls_ = 0;
    size_t max_;
    std::chrono::seconds window_;
    SharedWindows* shared_;
    std::string name_;
    std::unordered_map<std::string, std::deque<std::chrono::steady_clock::time_point>> hits_;
};

// Wraps a handler: over the limit for the client's IP, answers 429 with a JSON body.
Handler rate_limited(std::shared_ptr<RateLimiter> limiter, Handler inner);

}  // namespace gw::http
