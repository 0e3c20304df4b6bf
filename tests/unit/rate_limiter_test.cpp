// The in-memory limiter: a key's hits within the window, and one-time keys forgotten once their
// window has passed, so single-use tokens do not accumulate.
#include "http/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace {

TEST(RateLimiter, CountsHitsPerKeyWithinTheWindow) {
    gw::http::RateLimiter limiter(2, 60);
    EXPECT_TRUE(limiter.allow("a"));
    EXPECT_TRUE(limiter.allow("a"));
    EXPECT_FALSE(limiter.allow("a"));
    EXPECT_TRUE(limiter.allow("b"));
}

TEST(RateLimiter, ForgetsKeysWhoseWindowPassed) {
    gw::http::RateLimiter limiter(1, 1);
    for (int i = 0; i < 1000; ++i) EXPECT_TRUE(limiter.allow("once-" + std::to_string(i)));
    EXPECT_EQ(limiter.remembered(), 1000u);
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    for (int i = 0; i < 100; ++i) limiter.allow("later-" + std::to_string(i));  // the sweep runs on the way
    EXPECT_LE(limiter.remembered(), 100u);
    EXPECT_FALSE(limiter.allow("later-0")) << "still inside its own window";
}

}  // namespace
