// Housekeeping of the tables that only grow: consume and error logs past their retention, and the
// hourly dashboard rows (quota_data) merged into one row per user, model and UTC day once old.
// Totals never change: a merge moves counts in one transaction, so a crash leaves either the
// hourly rows or the daily one.
#pragma once

#include "store/database.hpp"

#include <cstdint>

namespace gw::store {

// Deletes consume (2) and error (5) logs created before `before` (unix seconds); top-up, manage,
// system and refund logs stay (they are the money trail). Returns the rows deleted.
int64_t delete_expired_logs(Database& db, int64_t before);

struct Compaction {
    int64_t hourly_rows = 0;  // read and removed
    int64_t daily_rows = 0;   // written or added to
};
// Merges up to `batch` hourly quota_data rows older than `before` (aligned down to a UTC day)
// into daily rows; call again while hourly_rows == batch.
Compaction compact_quota_data(Database& db, int64_t before, int64_t batch = 20000);

}  // namespace gw::store
