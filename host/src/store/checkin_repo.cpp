#include "store/checkin_repo.hpp"

#include "store/log_repo.hpp"
#include "store/orm.hpp"
#include "store/transaction.hpp"

namespace gw::store {

std::optional<int64_t> check_in(Database& db, int64_t user_id, const std::string& date, int64_t quota, int64_t now,
                                const std::function<Log(int64_t quota)>& make_log, Database* log_db) {
    Log log = make_log(quota);
    bool inserted = false;
    {
        auto s = db.session();
        Transaction tx(db, s);
        try {
            execute(db, s,
                    "INSERT INTO `checkins` (`user_id`, `checkin_date`, `quota_awarded`, `created_at`) "
                    "VALUES (?, ?, ?, ?)",
                    {user_id, date, quota, now});
            inserted = true;
        } catch (const std::exception&) {
            // Most likely the unique index: another check-in of the day won. Decided below, once
            // this transaction is rolled back (PostgreSQL refuses anything more in it).
        }
        if (inserted) {
            execute(db, s, "UPDATE `users` SET `quota` = `quota` + ? WHERE `id` = ?", {quota, user_id});
            if (!log_db || log_db == &db) insert_row(db, s, log);
            tx.commit();
        }
    }
    if (!inserted) {
        if (checked_in(db, user_id, date)) return std::nullopt;
        throw std::runtime_error("check-in could not be recorded");
    }
    if (log_db && log_db != &db) insert_log(*log_db, log);  // a log database of its own: after the money
    return quota;
}

bool checked_in(Database& db, int64_t user_id, const std::string& date) {
    auto s = db.session();
    return query_int(db, s, "SELECT count(*) FROM `checkins` WHERE `user_id` = ? AND `checkin_date` = ?",
                     {user_id, date}) > 0;
}

std::vector<CheckinRecord> checkins_between(Database& db, int64_t user_id, const std::string& from,
                                            const std::string& to) {
    auto s = db.session();
    std::vector<CheckinRecord> out;
    for (const auto& c : select_rows<Checkin>(
             db, s, "WHERE `user_id` = ? AND `checkin_date` >= ? AND `checkin_date` <= ? ORDER BY `checkin_date` DESC",
             {user_id, from, to}))
        out.push_back({c.checkin_date, c.quota_awarded});
    return out;
}

CheckinTotals checkin_totals(Database& db, int64_t user_id) {
    auto s = db.session();
    return {
        query_int(db, s, "SELECT count(*) FROM `checkins` WHERE `user_id` = ?", {user_id}),
        query_int(db, s, "SELECT COALESCE(SUM(`quota_awarded`), 0) FROM `checkins` WHERE `user_id` = ?", {user_id})};
}

}  // namespace gw::store
