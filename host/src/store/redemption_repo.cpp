#include "store/redemption_repo.hpp"

#include "store/log_repo.hpp"
#include "store/orm.hpp"
#include "store/transaction.hpp"

namespace gw::store {

Rows<Redemption> list_redemptions(Database& db, const Where& where, const Page& page) {
    auto s = db.session();
    Where w = where;
    w.add("`deleted_at` IS NULL");
    return select_page<Redemption>(db, s, w, "ORDER BY `id` DESC", page);
}

std::optional<Redemption> find_redemption(Database& db, int64_t id) {
    auto s = db.session();
    return select_one<Redemption>(db, s, "WHERE `id` = ? AND `deleted_at` IS NULL", {id});
}

std::vector<int64_t> insert_redemptions(Database& db, const std::vector<Redemption>& rows) {
    auto s = db.session();
    Transaction tx(db, s);
    std::vector<int64_t> ids;
    for (const auto& r : rows) ids.push_back(insert_row(db, s, r));
    tx.commit();
    return ids;
}

bool update_redemption(Database& db, const Redemption& r) {
    auto s = db.session();
    return update_columns(db, s, r, {"name", "quota", "expired_time", "status"}, "AND `status` <> 3") > 0;
}

int64_t delete_redemptions(Database& db, const Where& where) {
    auto s = db.session();
    return static_cast<int64_t>(execute(db, s, "DELETE FROM `redemptions` " + where.sql(), where.params()));
}

Redeemed redeem(Database& db, const std::string& key, int64_t user_id, int64_t now,
                const std::function<Log(int64_t quota)>& make_log, Database* log_db) {
    auto s = db.session();
    Transaction tx(db, s);
    auto code = select_one<Redemption>(
        db, s, std::string("WHERE `key` = ? AND `deleted_at` IS NULL") + tx.lock_clause(), {key});
    if (!code) return {RedeemResult::not_found, 0};
    if (code->status == 3) return {RedeemResult::used, 0};
    if (code->status != 1) return {RedeemResult::disabled, 0};
    if (code->expired_time != 0 && code->expired_time < now) return {RedeemResult::expired, 0};
    // The status guard makes a second concurrent redeemer update nothing.
    if (execute(db, s,
                "UPDATE `redemptions` SET `status` = 3, `redeemed_time` = ?, `used_user_id` = ? "
                "WHERE `id` = ? AND `status` = 1",
                {now, user_id, code->id}) != 1)
        return {RedeemResult::used, 0};
    execute(db, s, "UPDATE `users` SET `quota` = `quota` + ? WHERE `id` = ?", {code->quota, user_id});
    Log log = make_log(code->quota);
    if (!log_db || log_db == &db) insert_row(db, s, log);
    tx.commit();
    if (log_db && log_db != &db) insert_log(*log_db, log);  // a log database of its own: after the money
    return {RedeemResult::ok, code->quota};
}

}  // namespace gw::store
