#include "cluster/node.hpp"

#include "app/config.hpp"
#include "auth/random.hpp"
#include "cluster/redis_pool.hpp"
#include "cluster/redis_quota.hpp"
#include "cluster/redis_windows.hpp"
#include "cluster/sync_bus.hpp"
#include "common/log.hpp"
#include "store/cache.hpp"

#include <unistd.h>

namespace gw::cluster {

namespace {

std::string default_name(const Config& cfg) {
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    return std::string(host) + ":" + std::to_string(cfg.port);
}

}  // namespace

Node::Node(const Config& cfg, store::Cache& cache)
    : cache_(cache), name_(cfg.node_name.empty() ? default_name(cfg) : cfg.node_name), master_(cfg.is_master()) {
    if (cfg.redis_conn_string.empty()) return;
    pool_ = std::make_unique<RedisPool>(parse_redis_url(cfg.redis_conn_string));
    quota_ = std::make_unique<RedisQuota>(*pool_);
    windows_ = std::make_unique<RedisWindows>(*pool_);
    // Unique per process, so a restarted node with the same name still hears its old self.
    std::string id = name_ + "#" + std::to_string(getpid()) + "-" + auth::random_alnum(6);
    bus_ = std::make_unique<SyncBus>(
        *pool_, id, [&cache](const std::string& change) { cache.apply_remote(change); },
        [&cache] { cache.reload_all(); });
    cache.set_publisher([bus = bus_.get()](const std::string& change) { bus->publish(change); });
    log::info("node " + name_ + " (" + (master_ ? "master" : "slave") + ") shares Redis " +
              pool_->endpoint().describe());
}

Node::~Node() {
    if (bus_) cache_.set_publisher(nullptr);
}

billing::SharedQuota* Node::shared_quota() const {
    return quota_.get();
}

SharedWindows* Node::shared_windows() const {
    return windows_.get();
}

bool Node::redis_healthy() const {
    return pool_ && pool_->healthy();
}

int64_t Node::redis_failures() const {
    return pool_ ? pool_->failures() : 0;
}

int64_t Node::local_fallbacks() const {
    return quota_ ? quota_->local_fallbacks() : 0;
}

int64_t Node::sync_messages() const {
    return bus_ ? bus_->received() : 0;
}

}  // namespace gw::cluster
