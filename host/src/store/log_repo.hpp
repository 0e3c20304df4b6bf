// Logs (consume, top-up, manage, error, ...) and the hourly quota_data aggregate.
#pragma once

#include "store/database.hpp"
#include "store/entities.hpp"
#include "store/query.hpp"

#include <vector>

namespace gw::store {

int64_t insert_log(Database& db, const Log& log);
Rows<Log> list_logs(Database& db, const Where& where, const Page& page);

struct LogStat {
    int64_t quota = 0;
    int64_t rpm = 0;  // requests in the last 60 seconds
    int64_t tpm = 0;  // prompt + completion tokens in the last 60 seconds
};
// Sums consume logs (type 2) matching `where`; rpm/tpm over the minute before `now`.
LogStat log_stat(Database& db, const Where& where, int64_t now);
int64_t delete_logs_before(Database& db, int64_t timestamp);

std::vector<QuotaData> list_quota_data(Database& db, const Where& where);

}  // namespace gw::store
