// Shared quota counters in Redis: gw:quota:user:<id> and gw:quota:token:<id>, changed only by
// Lua scripts so a check and its hold are one atomic step across all nodes. Counters expire an
// hour after their last use, long after every node has flushed what it charged against them.
#pragma once

#include "billing/shared_quota.hpp"

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace gw::cluster {

class RedisPool;

class RedisQuota : public billing::SharedQuota {
public:
    explicit RedisQuota(RedisPool& pool);
    ~RedisQuota() override;

    Verdict hold(int64_t user_id, int64_t user_base, int64_t token_id, std::optional<int64_t> token_base,
                 int64_t amount) override;
    void adjust(int64_t user_id, int64_t token_id, int64_t delta) override;
    void adjust_later(int64_t user_id, int64_t token_id, int64_t delta) override;
    void forget_token(int64_t token_id) override;

    // Requests admitted on this node's counters alone while Redis was unreachable.
    int64_t local_fallbacks() const { return fallbacks_.load(); }

private:
    void after_outage();
    void drain_loop();
    void send(const std::map<std::string, int64_t>& deltas);

    RedisPool& pool_;
    std::mutex queue_mutex_;
    std::condition_variable queue_cv_;
    std::map<std::string, int64_t> queued_;  // counter -> delta not yet sent
    bool stopping_ = false;
    std::atomic<int64_t> fallbacks_{0};
    std::atomic<uint64_t> seen_recoveries_{0};
    std::thread drainer_;  // last: started once everything above exists
};

}  // namespace gw::cluster
