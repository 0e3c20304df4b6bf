#include "cluster/redis_windows.hpp"

#include "auth/random.hpp"
#include "cluster/redis_pool.hpp"

#include <Poco/Redis/Array.h>

namespace gw::cluster {

namespace {

// KEYS: the window. ARGV: window ms, max, mode (check | hit | add), a unique member suffix.
// Returns 1 when under the limit (or mode add), else 0.
constexpr const char* kWindowScript = R"lua(
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if ARGV[3] ~= 'add' and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
if ARGV[3] ~= 'check' then
  redis.call('ZADD', KEYS[1], now, now .. '-' .. ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
end
return 1
)lua";

const char* mode_name(SharedWindows::Mode m) {
    switch (m) {
        case SharedWindows::Mode::check:
            return "check";
        case SharedWindows::Mode::check_and_add:
            return "hit";
        case SharedWindows::Mode::add:
            break;
    }
    return "add";
}

}  // namespace

std::optional<bool> RedisWindows::apply(const std::string& key, int64_t window_seconds, int64_t max, Mode mode) {
    Poco::Redis::Array cmd;
    cmd << "EVAL" << kWindowScript << "1"
        << "gw:rl:" + key << std::to_string(window_seconds * 1000) << std::to_string(max) << mode_name(mode)
        << auth::random_alnum(12);
    try {
        return pool_.integer(cmd) == 1;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace gw::cluster
