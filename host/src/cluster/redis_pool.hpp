// Connections to the shared Redis. Poco's Redis client is not thread-safe, so each call borrows
// one connection. A failure marks Redis down for a second: callers get RedisDown at once instead
// of waiting on connect timeouts, and fall back to what this node knows. The transitions are
// logged loudly and counted (the failure metric in /api/cluster).
#pragma once

#include "cluster/redis_url.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace Poco::Redis {
class Array;
class Client;
}  // namespace Poco::Redis

namespace gw::cluster {

class RedisDown : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class RedisPool {
public:
    explicit RedisPool(RedisEndpoint endpoint, size_t max_idle = 16);
    ~RedisPool();

    // Runs one command and returns its integer reply; throws RedisDown.
    int64_t integer(const Poco::Redis::Array& command);
    // Runs one command, ignoring a non-error reply; throws RedisDown.
    void run(const Poco::Redis::Array& command);
    // A new connection of its own (subscriptions); throws RedisDown.
    std::unique_ptr<Poco::Redis::Client> connect() const;

    bool healthy() const { return !down_.load(); }
    int64_t failures() const { return failures_.load(); }
    uint64_t recoveries() const { return recoveries_.load(); }  // times Redis came back
    const RedisEndpoint& endpoint() const { return endpoint_; }

private:
    template <typename F>
    auto with_client(F&& f);
    std::unique_ptr<Poco::Redis::Client> acquire();
    void give_back(std::unique_ptr<Poco::Redis::Client> c);
    void failed(const std::string& what);
    void succeeded();

    RedisEndpoint endpoint_;
    size_t max_idle_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<Poco::Redis::Client>> idle_;
    std::atomic<bool> down_{false};
    std::atomic<int64_t> retry_at_ms_{0};  // steady clock; calls before it fail fast
    std::atomic<int64_t> failures_{0};
    std::atomic<uint64_t> recoveries_{0};
};

}  // namespace gw::cluster
