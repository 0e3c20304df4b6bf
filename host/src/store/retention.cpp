#include "store/retention.hpp"

#include "store/entities.hpp"
#include "store/orm.hpp"
#include "store/transaction.hpp"

#include <map>
#include <tuple>

namespace gw::store {
namespace {

constexpr int64_t kDay = 86400;

using DayKey = std::tuple<int64_t, std::string, std::string, int64_t>;  // user, username, model, day

void delete_ids(Database& db, Poco::Data::Session& s, const std::vector<int64_t>& ids) {
    for (size_t at = 0; at < ids.size(); at += 500) {
        size_t n = std::min<size_t>(500, ids.size() - at);
        std::string marks;
        Params params;
        for (size_t i = 0; i < n; ++i) {
            marks += i ? ",?" : "?";
            params.emplace_back(ids[at + i]);
        }
        execute(db, s, "DELETE FROM `quota_data` WHERE `id` IN (" + marks + ")", params);
    }
}

// Adds to the day's row when one exists (an earlier merge, or an hour starting at 00:00 UTC).
void add_daily(Database& db, Poco::Data::Session& s, const QuotaData& d) {
    size_t updated = execute(db, s,
                             "UPDATE `quota_data` SET `count` = `count` + ?, `quota` = `quota` + ?, "
                             "`token_used` = `token_used` + ? WHERE `user_id` = ? AND `username` = ? AND "
                             "`model_name` = ? AND `created_at` = ?",
                             {d.count, d.quota, d.token_used, d.user_id, d.username, d.model_name, d.created_at});
    if (updated == 0) insert_row(db, s, d);
}

}  // namespace

int64_t delete_expired_logs(Database& db, int64_t before) {
    auto s = db.session();
    return static_cast<int64_t>(
        execute(db, s, "DELETE FROM `logs` WHERE `created_at` < ? AND `type` IN (2, 5)", {before}));
}

Compaction compact_quota_data(Database& db, int64_t before, int64_t batch) {
    before -= before % kDay;
    auto s = db.session();
    Transaction txn(db, s);
    auto rows = select_rows<QuotaData>(
        db, s, "WHERE `created_at` < ? AND `created_at` % 86400 <> 0 ORDER BY `id` LIMIT " + std::to_string(batch),
        {before});
    std::map<DayKey, QuotaData> days;
    std::vector<int64_t> ids;
    for (const QuotaData& r : rows) {
        int64_t day = r.created_at - r.created_at % kDay;
        QuotaData& d = days[{r.user_id, r.username, r.model_name, day}];
        d.user_id = r.user_id;
        d.username = r.username;
        d.model_name = r.model_name;
        d.created_at = day;
        d.count += r.count;
        d.quota += r.quota;
        d.token_used += r.token_used;
        ids.push_back(r.id);
    }
    delete_ids(db, s, ids);
    for (const auto& [key, d] : days) add_daily(db, s, d);
    txn.commit();
    return {static_cast<int64_t>(rows.size()), static_cast<int64_t>(days.size())};
}

}  // namespace gw::store
