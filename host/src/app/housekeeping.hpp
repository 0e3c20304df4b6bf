// The master's housekeeping, at start and then hourly: LOG_RETENTION_DAYS deletes consume and
// error logs past their age, QUOTA_DATA_COMPACT_DAYS merges old hourly dashboard rows into daily
// ones (store/retention).
#pragma once

namespace gw {
struct Config;
namespace store {
class Database;
}

bool housekeeping_configured(const Config& cfg);
// `main` holds quota_data; `logs` the logs (LOG_SQL_DSN's database, or the main one).
void run_housekeeping(const Config& cfg, store::Database& main, store::Database& logs);

}  // namespace gw
