#include "cluster/redis_quota.hpp"

#include "cluster/redis_pool.hpp"
#include "common/log.hpp"

#include <Poco/Redis/Array.h>

namespace gw::cluster {

namespace {

constexpr const char* kTtlSeconds = "3600";

// KEYS: user counter, token counter. ARGV: user base, token base ("" = unlimited token), amount, ttl.
// Returns 0 (held), 1 (user short) or 2 (token short).
constexpr const char* kHoldScript = R"lua(
local amount = tonumber(ARGV[3])
redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[4])
local user = tonumber(redis.call('GET', KEYS[1]))
if user <= 0 or user < amount then return 1 end
if ARGV[2] ~= '' then
  redis.call('SET', KEYS[2], ARGV[2], 'NX', 'EX', ARGV[4])
  local token = tonumber(redis.call('GET', KEYS[2]))
  if token <= 0 or token < amount then return 2 end
  redis.call('DECRBY', KEYS[2], amount)
  redis.call('EXPIRE', KEYS[2], ARGV[4])
end
redis.call('DECRBY', KEYS[1], amount)
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 0
)lua";

// KEYS: counters. ARGV: one delta per key, then the ttl. Missing counters stay missing.
constexpr const char* kAdjustScript = R"lua(
local ttl = ARGV[#KEYS + 1]
for i, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then
    redis.call('INCRBY', key, ARGV[i])
    redis.call('EXPIRE', key, ttl)
  end
end
return 0
)lua";

constexpr const char* kDropScript = R"lua(
for _, key in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', key) end
return 0
)lua";

std::string user_key(int64_t id) {
    return "gw:quota:user:" + std::to_string(id);
}

std::string token_key(int64_t id) {
    return "gw:quota:token:" + std::to_string(id);
}

}  // namespace

// Adjustments were lost while Redis was away, so counters that survived the outage are wrong:
// they are dropped and rebuilt from the nodes' views.
void RedisQuota::after_outage() {
    uint64_t seen = seen_recoveries_.load();
    if (seen == pool_.recoveries() || !seen_recoveries_.compare_exchange_strong(seen, pool_.recoveries())) return;
    Poco::Redis::Array cmd;
    cmd << "EVAL" << kDropScript << "0"
        << "gw:quota:*";
    try {
        pool_.integer(cmd);
        log::warn("shared quota counters rebuilt after the Redis outage");
    } catch (const std::exception& e) {
        log::warn(std::string("shared quota counters not dropped: ") + e.what());
    }
}

billing::SharedQuota::Verdict RedisQuota::hold(int64_t user_id, int64_t user_base, int64_t token_id,
                                               std::optional<int64_t> token_base, int64_t amount) {
    after_outage();
    Poco::Redis::Array cmd;
    cmd << "EVAL" << kHoldScript << "2" << user_key(user_id) << token_key(token_id) << std::to_string(user_base)
        << (token_base ? std::to_string(*token_base) : std::string()) << std::to_string(amount) << kTtlSeconds;
    try {
        switch (pool_.integer(cmd)) {
            case 0:
                return Verdict::ok;
            case 1:
                return Verdict::user_insufficient;
            default:
                return Verdict::token_insufficient;
        }
    } catch (const std::exception&) {
        fallbacks_.fetch_add(1);
        return Verdict::unavailable;
    }
}

RedisQuota::RedisQuota(RedisPool& pool) : pool_(pool), drainer_([this] { drain_loop(); }) {}

RedisQuota::~RedisQuota() {
    {
        std::lock_guard lock(queue_mutex_);
        stopping_ = true;
    }
    queue_cv_.notify_all();
    drainer_.join();
}

void RedisQuota::send(const std::map<std::string, int64_t>& deltas) {
    Poco::Redis::Array cmd;
    cmd << "EVAL" << kAdjustScript << std::to_string(deltas.size());
    for (const auto& [key, d] : deltas) cmd << key;
    for (const auto& [key, d] : deltas) cmd << std::to_string(d);
    cmd << kTtlSeconds;
    try {
        pool_.integer(cmd);
    } catch (const std::exception& e) {
        log::warn(std::string("shared quota adjustment lost: ") + e.what());
    }
}

void RedisQuota::adjust(int64_t user_id, int64_t token_id, int64_t delta) {
    if (delta == 0) return;
    std::map<std::string, int64_t> deltas;
    if (user_id) deltas[user_key(user_id)] = delta;
    if (token_id) deltas[token_key(token_id)] = delta;
    if (!deltas.empty()) send(deltas);
}

void RedisQuota::adjust_later(int64_t user_id, int64_t token_id, int64_t delta) {
    if (delta == 0) return;
    {
        std::lock_guard lock(queue_mutex_);
        if (user_id) queued_[user_key(user_id)] += delta;
        if (token_id) queued_[token_key(token_id)] += delta;
    }
    queue_cv_.notify_one();
}

// One script a round for everything queued meanwhile, however many settlements it merges.
void RedisQuota::drain_loop() {
    std::unique_lock lock(queue_mutex_);
    while (true) {
        queue_cv_.wait(lock, [this] { return stopping_ || !queued_.empty(); });
        if (queued_.empty()) return;
        std::map<std::string, int64_t> batch;
        batch.swap(queued_);
        lock.unlock();
        std::erase_if(batch, [](const auto& kv) { return kv.second == 0; });
        if (!batch.empty()) send(batch);
        lock.lock();
    }
}

void RedisQuota::forget_token(int64_t token_id) {
    Poco::Redis::Array cmd;
    cmd << "DEL" << token_key(token_id);
    try {
        pool_.integer(cmd);
    } catch (const std::exception& e) {
        log::warn(std::string("shared token counter not dropped: ") + e.what());
    }
}

}  // namespace gw::cluster
