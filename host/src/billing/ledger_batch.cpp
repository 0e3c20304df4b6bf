#include "billing/ledger_batch.hpp"

#include "billing/checked.hpp"
#include "store/orm.hpp"

#include <Poco/Data/Session.h>

#include <ctime>

namespace gw::billing {

void BatchDeltas::add(const Charge& c) {
    add_balances(c);
    if (c.log.type != 2) return;
    int64_t hour = c.log.created_at - c.log.created_at % 3600;
    store::QuotaData& q = quota_data[{c.user_id, c.log.model_name, hour}];
    if (q.user_id == 0) {
        q.user_id = c.user_id;
        q.username = c.log.username;
        q.model_name = c.log.model_name;
        q.created_at = hour;
    }
    q.count += 1;
    q.quota = sat_add(q.quota, c.quota);
    q.token_used = sat_add(q.token_used, c.tokens);
}

void BatchDeltas::add_balances(const Charge& c) {
    if (c.quota != 0 || c.counts_request) {
        Row& u = users[c.user_id];
        u.quota = sat_sub(u.quota, c.quota);
        u.used = sat_add(u.used, c.quota);
        u.requests += c.counts_request ? 1 : 0;
        Row& t = tokens[c.token_id];
        t.quota = sat_sub(t.quota, c.quota);
        t.used = sat_add(t.used, c.quota);
        if (c.channel_id) channels[c.channel_id].used = sat_add(channels[c.channel_id].used, c.quota);
    }
}

void write_deltas(store::Database& db, Poco::Data::Session& s, const BatchDeltas& d) {
    int64_t now = static_cast<int64_t>(std::time(nullptr));
    for (const auto& [id, r] : d.users)
        store::execute(db, s,
                       "UPDATE `users` SET `quota` = `quota` + ?, `used_quota` = `used_quota` + ?, "
                       "`request_count` = `request_count` + ? WHERE `id` = ?",
                       {r.quota, r.used, r.requests, id});
    for (const auto& [id, r] : d.tokens)
        store::execute(db, s,
                       "UPDATE `tokens` SET `remain_quota` = `remain_quota` + ?, `used_quota` = `used_quota` + ?, "
                       "`accessed_time` = ? WHERE `id` = ?",
                       {r.quota, r.used, now, id});
    for (const auto& [id, r] : d.channels)
        store::execute(db, s, "UPDATE `channels` SET `used_quota` = `used_quota` + ? WHERE `id` = ?", {r.used, id});
    for (const auto& [key, q] : d.quota_data) {
        size_t n = store::execute(db, s,
                                  "UPDATE `quota_data` SET `count` = `count` + ?, `quota` = `quota` + ?, "
                                  "`token_used` = `token_used` + ? WHERE `user_id` = ? AND `model_name` = ? AND "
                                  "`created_at` = ?",
                                  {q.count, q.quota, q.token_used, q.user_id, q.model_name, q.created_at});
        if (n == 0) store::insert_row(db, s, q);
    }
}

void write_logs(store::Database& db, Poco::Data::Session& s, const std::vector<const Charge*>& charges) {
    std::vector<const store::Log*> logs;
    for (const Charge* c : charges)
        if (c->log.type != 0 && c->log_row) logs.push_back(&c->log);
    store::insert_rows(db, s, logs);
}

}  // namespace gw::billing
