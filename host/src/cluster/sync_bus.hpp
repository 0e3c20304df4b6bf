// Cross-node invalidation over Redis pub/sub (channel gw:sync). Each node publishes the changes
// its cache announces, and a listener thread applies what other nodes publish, so a channel
// disabled on one node stops being chosen on the others within milliseconds. The periodic
// SYNC_FREQUENCY reload stays on as the fallback.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace gw::cluster {

class RedisPool;

class SyncBus {
public:
    // `apply` runs on the listener thread for each change another node announced;
    // `resync` after a reconnect.
    SyncBus(RedisPool& pool, std::string node_id, std::function<void(const std::string&)> apply,
            std::function<void()> resync);
    ~SyncBus();

    void publish(const std::string& change);
    int64_t received() const { return received_.load(); }

private:
    void listen();
    // `subscribed` runs once the subscription is confirmed.
    void listen_once(const std::function<void()>& subscribed);

    RedisPool& pool_;
    std::string node_id_;
    std::function<void(const std::string&)> apply_;
    std::function<void()> resync_;
    std::atomic<bool> stop_{false};
    std::atomic<int64_t> received_{0};
    std::thread listener_;
};

}  // namespace gw::cluster
