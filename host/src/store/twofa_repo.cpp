#include "store/twofa_repo.hpp"

#include "store/orm.hpp"
#include "store/sql_time.hpp"
#include "store/transaction.hpp"

namespace gw::store {
namespace {

void insert_codes(Database& db, Poco::Data::Session& s, int64_t user_id, const std::vector<std::string>& hashes,
                  int64_t now) {
    for (const auto& h : hashes)
        execute(
            db, s,
            "INSERT INTO `two_fa_backup_codes` (`user_id`, `code_hash`, `is_used`, `created_at`) VALUES (?, ?, ?, " +
                sql_time_literal(now) + ")",
            {user_id, h, false});
}

}  // namespace

std::optional<TwoFA> find_two_fa(Database& db, int64_t user_id) {
    auto s = db.session();
    return select_one<TwoFA>(db, s, "WHERE `user_id` = ? AND `deleted_at` IS NULL", {user_id});
}

bool two_fa_enabled(Database& db, int64_t user_id) {
    auto t = find_two_fa(db, user_id);
    return t && t->is_enabled;
}

bool two_fa_locked(Database& db, int64_t user_id, int64_t now) {
    auto s = db.session();
    return query_int(db, s,
                     "SELECT count(*) FROM `two_fas` WHERE `user_id` = ? AND `deleted_at` IS NULL AND "
                     "`locked_until` IS NOT NULL AND `locked_until` > " +
                         sql_time_literal(now),
                     {user_id}) > 0;
}

void start_two_fa_setup(Database& db, int64_t user_id, const std::string& secret,
                        const std::vector<std::string>& code_hashes, int64_t now) {
    auto s = db.session();
    Transaction tx(db, s);
    if (query_int(db, s, "SELECT count(*) FROM `two_fas` WHERE `user_id` = ? AND `is_enabled` = ?", {user_id, true}))
        throw std::runtime_error("2FA is already enabled");
    execute(db, s, "DELETE FROM `two_fa_backup_codes` WHERE `user_id` = ?", {user_id});
    execute(db, s, "DELETE FROM `two_fas` WHERE `user_id` = ?", {user_id});
    std::string at = sql_time_literal(now);
    execute(db, s,
            "INSERT INTO `two_fas` (`user_id`, `secret`, `is_enabled`, `failed_attempts`, `created_at`, `updated_at`) "
            "VALUES (?, ?, ?, 0, " +
                at + ", " + at + ")",
            {user_id, secret, false});
    insert_codes(db, s, user_id, code_hashes, now);
    tx.commit();
}

bool enable_two_fa(Database& db, int64_t user_id) {
    auto s = db.session();
    return execute(db, s,
                   "UPDATE `two_fas` SET `is_enabled` = ?, `failed_attempts` = 0, `locked_until` = NULL "
                   "WHERE `user_id` = ? AND `is_enabled` = ? AND `deleted_at` IS NULL",
                   {true, user_id, false}) == 1;
}

bool remove_two_fa(Database& db, int64_t user_id) {
    auto s = db.session();
    Transaction tx(db, s);
    execute(db, s, "DELETE FROM `two_fa_backup_codes` WHERE `user_id` = ?", {user_id});
    bool removed = execute(db, s, "DELETE FROM `two_fas` WHERE `user_id` = ? AND `deleted_at` IS NULL", {user_id}) > 0;
    tx.commit();
    return removed;
}

void record_two_fa_failure(Database& db, int64_t user_id, int64_t now) {
    auto s = db.session();
    // The lock is assigned first: MySQL evaluates SET left to right with the new values.
    execute(db, s,
            "UPDATE `two_fas` SET `locked_until` = CASE WHEN `failed_attempts` + 1 >= ? THEN " +
                sql_time_literal(now + kTwoFALockSeconds) +
                " ELSE `locked_until` END, `failed_attempts` = `failed_attempts` + 1 WHERE `user_id` = ?",
            {int64_t{kTwoFAMaxFailures}, user_id});
}

bool claim_totp_step(Database& db, int64_t user_id, int64_t step_start) {
    auto s = db.session();
    std::string at = sql_time_literal(step_start);
    return execute(db, s,
                   "UPDATE `two_fas` SET `last_used_at` = " + at +
                       ", `failed_attempts` = 0, `locked_until` = NULL WHERE `user_id` = ? AND "
                       "(`last_used_at` IS NULL OR `last_used_at` < " +
                       at + ")",
                   {user_id}) == 1;
}

std::vector<TwoFABackupCode> unused_backup_codes(Database& db, int64_t user_id) {
    auto s = db.session();
    return select_rows<TwoFABackupCode>(db, s, "WHERE `user_id` = ? AND `is_used` = ? AND `deleted_at` IS NULL",
                                        {user_id, false});
}

bool spend_backup_code(Database& db, int64_t user_id, int64_t code_id, int64_t now) {
    auto s = db.session();
    Transaction tx(db, s);
    bool spent = execute(db, s,
                         "UPDATE `two_fa_backup_codes` SET `is_used` = ?, `used_at` = " + sql_time_literal(now) +
                             " WHERE `id` = ? AND `user_id` = ? AND `is_used` = ?",
                         {true, code_id, user_id, false}) == 1;
    if (spent)
        execute(db, s, "UPDATE `two_fas` SET `failed_attempts` = 0, `locked_until` = NULL WHERE `user_id` = ?",
                {user_id});
    tx.commit();
    return spent;
}

int64_t unused_backup_code_count(Database& db, int64_t user_id) {
    auto s = db.session();
    return query_int(db, s,
                     "SELECT count(*) FROM `two_fa_backup_codes` WHERE `user_id` = ? AND `is_used` = ? AND "
                     "`deleted_at` IS NULL",
                     {user_id, false});
}

void replace_backup_codes(Database& db, int64_t user_id, const std::vector<std::string>& code_hashes, int64_t now) {
    auto s = db.session();
    Transaction tx(db, s);
    execute(db, s, "DELETE FROM `two_fa_backup_codes` WHERE `user_id` = ?", {user_id});
    insert_codes(db, s, user_id, code_hashes, now);
    tx.commit();
}

TwoFAStats two_fa_stats(Database& db) {
    auto s = db.session();
    return {query_int(db, s, "SELECT count(*) FROM `users` WHERE `deleted_at` IS NULL"),
            query_int(db, s, "SELECT count(*) FROM `two_fas` WHERE `is_enabled` = ? AND `deleted_at` IS NULL", {true})};
}

}  // namespace gw::store
