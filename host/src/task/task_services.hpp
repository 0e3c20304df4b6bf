// What the task routes and the poller reach: the databases, snapshots, plugins, the outbound
// HTTP client and channel health.
#pragma once

namespace gw {
struct Config;
namespace store {
class Database;
class Cache;
}  // namespace store
namespace upstream {
class HttpClient;
}
namespace relay {
class ProviderPool;
class ChannelHealth;
}  // namespace relay
namespace cluster {
class Node;
}
}  // namespace gw

namespace gw::task {

struct TaskServices {
    const Config& config;
    store::Database& db;
    store::Database* log_db;  // LOG_SQL_DSN's database, or null
    store::Cache& cache;
    relay::ProviderPool& providers;
    upstream::HttpClient& http;
    relay::ChannelHealth& health;
    cluster::Node* node;
};

}  // namespace gw::task
