// Sliding windows in Redis sorted sets (gw:rl:<key>), one Lua script per check so the check and
// the count are atomic across nodes. Time comes from Redis, so node clocks need not agree.
#pragma once

#include "common/shared_windows.hpp"

namespace gw::cluster {

class RedisPool;

class RedisWindows : public SharedWindows {
public:
    explicit RedisWindows(RedisPool& pool) : pool_(pool) {}
    std::optional<bool> apply(const std::string& key, int64_t window_seconds, int64_t max, Mode mode) override;

private:
    RedisPool& pool_;
};

}  // namespace gw::cluster
