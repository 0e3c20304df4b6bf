#include "store/passkey_repo.hpp"

#include "store/orm.hpp"
#include "store/sql_time.hpp"
#include "store/transaction.hpp"

namespace gw::store {

std::optional<PasskeyCredential> find_passkey_of_user(Database& db, int64_t user_id) {
    auto s = db.session();
    return select_one<PasskeyCredential>(db, s, "WHERE `user_id` = ? AND `deleted_at` IS NULL", {user_id});
}

std::optional<PasskeyCredential> find_passkey(Database& db, const std::string& credential_id) {
    auto s = db.session();
    return select_one<PasskeyCredential>(db, s, "WHERE `credential_id` = ? AND `deleted_at` IS NULL", {credential_id});
}

void save_passkey(Database& db, const PasskeyCredential& p, int64_t now) {
    auto s = db.session();
    Transaction tx(db, s);
    execute(db, s, "DELETE FROM `passkey_credentials` WHERE `user_id` = ?", {p.user_id});
    int64_t id = insert_row(db, s, p);
    std::string at = sql_time_literal(now);
    execute(db, s,
            "UPDATE `passkey_credentials` SET `created_at` = " + at + ", `updated_at` = " + at + " WHERE `id` = ?",
            {id});
    tx.commit();
}

bool advance_passkey(Database& db, int64_t id, int64_t seen, int64_t next, int64_t now) {
    auto s = db.session();
    return execute(db, s,
                   "UPDATE `passkey_credentials` SET `sign_count` = ?, `last_used_at` = " + sql_time_literal(now) +
                       " WHERE `id` = ? AND `sign_count` = ?",
                   {next, id, seen}) == 1;
}

bool delete_passkey_of_user(Database& db, int64_t user_id) {
    auto s = db.session();
    return execute(db, s, "DELETE FROM `passkey_credentials` WHERE `user_id` = ?", {user_id}) > 0;
}

}  // namespace gw::store
