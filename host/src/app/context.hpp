// What request handlers may reach: configuration, database, caches, plugins and the ledger.
#pragma once

#include <cstdint>

namespace gw {
struct Config;
namespace store {
class Database;
class Cache;
}  // namespace store
namespace plugin {
class Catalog;
}
namespace cluster {
class Node;
}
namespace billing {
class Ledger;
}

struct AppContext {
    const Config& config;
    store::Database& db;
    store::Cache& cache;
    plugin::Catalog& plugins;
    int64_t start_time = 0;  // unix seconds
    cluster::Node* node = nullptr;
    store::Database* log_db = nullptr;  // LOG_SQL_DSN's database; null: logs live in `db`
    billing::Ledger* ledger = nullptr;  // balances shown by the API include its unflushed charges

    store::Database& logs() const { return log_db ? *log_db : db; }
};

}  // namespace gw
