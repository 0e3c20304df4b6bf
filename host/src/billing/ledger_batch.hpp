// What a batch of settled charges does to the database, summed per row: balance deltas for users,
// tokens and channels, hourly quota_data rows, and the log rows. The ledger writes a batch in one
// transaction with its journal cursor (billing/ledger.hpp).
#pragma once

#include "billing/charge.hpp"
#include "store/database.hpp"
#include "store/entities.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace gw::billing {

struct BatchDeltas {
    struct Row {
        int64_t quota = 0, used = 0, requests = 0;
    };
    std::map<int64_t, Row> users, tokens, channels;
    std::map<std::tuple<int64_t, std::string, int64_t>, store::QuotaData> quota_data;  // user, model, hour

    void add(const Charge& c);           // balances and quota_data
    void add_balances(const Charge& c);  // balances only
};

// The deltas as `SET x = x + ?` updates (never a value read earlier) and quota_data upserts.
void write_deltas(store::Database& db, Poco::Data::Session& s, const BatchDeltas& d);
// Inserts the charges' log rows (LogConsumeEnabled off keeps a consume log out of the table).
void write_logs(store::Database& db, Poco::Data::Session& s, const std::vector<const Charge*>& charges);

}  // namespace gw::billing
