#include "app/housekeeping.hpp"

#include "app/config.hpp"
#include "common/log.hpp"
#include "store/retention.hpp"

#include <ctime>

namespace gw {
namespace {

constexpr int64_t kDay = 86400;

void expire_logs(const Config& cfg, store::Database& logs) {
    int64_t before = static_cast<int64_t>(std::time(nullptr)) - cfg.log_retention_days * kDay;
    int64_t deleted = store::delete_expired_logs(logs, before);
    if (deleted > 0)
        log::info("log retention: " + std::to_string(deleted) + " consume and error logs older than " +
                  std::to_string(cfg.log_retention_days) + " days deleted");
}

void compact(const Config& cfg, store::Database& main) {
    int64_t before = static_cast<int64_t>(std::time(nullptr)) - cfg.quota_data_compact_days * kDay;
    constexpr int64_t batch = 20000;
    store::Compaction total, c;
    do {  // each batch is a transaction of its own
        c = store::compact_quota_data(main, before, batch);
        total.hourly_rows += c.hourly_rows;
        total.daily_rows += c.daily_rows;
    } while (c.hourly_rows == batch);
    if (total.hourly_rows > 0)
        log::info("quota_data compaction: " + std::to_string(total.hourly_rows) + " hourly rows merged into " +
                  std::to_string(total.daily_rows) + " daily rows");
}

}  // namespace

bool housekeeping_configured(const Config& cfg) {
    return cfg.log_retention_days > 0 || cfg.quota_data_compact_days > 0;
}

void run_housekeeping(const Config& cfg, store::Database& main, store::Database& logs) {
    if (cfg.log_retention_days > 0) expire_logs(cfg, logs);
    if (cfg.quota_data_compact_days > 0) compact(cfg, main);
}

}  // namespace gw
