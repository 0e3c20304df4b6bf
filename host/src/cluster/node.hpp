// This gateway as one node of several: its name and role, and (with REDIS_CONN_STRING) the
// shared Redis behind the quota counters and the invalidation bus. Without Redis the node works
// alone on its own memory, which is right for a single node.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace gw {
struct Config;
class SharedWindows;
}  // namespace gw
namespace gw::store {
class Cache;
}
namespace gw::billing {
class SharedQuota;
}

namespace gw::cluster {

class RedisPool;
class RedisQuota;
class RedisWindows;
class SyncBus;

class Node {
public:
    // Connects the cache to the bus; throws std::invalid_argument on a bad REDIS_CONN_STRING.
    Node(const Config& cfg, store::Cache& cache);
    ~Node();

    const std::string& name() const { return name_; }
    bool master() const { return master_; }
    // Jobs that must run once per deployment; they run here only on the master.
    void add_background_job(std::string name) { jobs_.push_back(std::move(name)); }
    const std::vector<std::string>& background_jobs() const { return jobs_; }

    billing::SharedQuota* shared_quota() const;  // null without Redis
    SharedWindows* shared_windows() const;       // null without Redis
    bool redis_configured() const { return pool_ != nullptr; }
    bool redis_healthy() const;
    int64_t redis_failures() const;
    int64_t local_fallbacks() const;
    int64_t sync_messages() const;

private:
    store::Cache& cache_;
    std::string name_;
    bool master_;
    std::vector<std::string> jobs_;
    std::unique_ptr<RedisPool> pool_;
    std::unique_ptr<RedisQuota> quota_;
    std::unique_ptr<RedisWindows> windows_;
    std::unique_ptr<SyncBus> bus_;
};

}  // namespace gw::cluster
