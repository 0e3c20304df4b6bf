#include "store/session_repo.hpp"

#include "auth/random.hpp"

#include <Poco/Data/Session.h>

#include <ctime>

namespace gw::store {

std::string create_session(Database& db, int64_t user_id, int64_t expires_at) {
    std::string id = auth::random_alnum(32);
    auto s = db.session();
    int64_t now = static_cast<int64_t>(std::time(nullptr));
    // Expired rows of this user go as a new one comes, so the table stays small.
    execute(db, s, "DELETE FROM `user_sessions` WHERE `user_id` = ? AND `expires_at` < ?", {user_id, now});
    execute(db, s, "INSERT INTO `user_sessions` (`id`,`user_id`,`created_at`,`expires_at`) VALUES (?,?,?,?)",
            {id, user_id, now, expires_at});
    return id;
}

bool session_alive(Database& db, const std::string& id, int64_t user_id, int64_t now) {
    if (id.empty()) return false;
    auto s = db.session();
    return query_int(db, s,
                     "SELECT count(*) FROM `user_sessions` WHERE `id` = ? AND `user_id` = ? AND `expires_at` >= ?",
                     {id, user_id, now}) > 0;
}

void end_session(Database& db, const std::string& id) {
    auto s = db.session();
    execute(db, s, "DELETE FROM `user_sessions` WHERE `id` = ?", {id});
}

void end_user_sessions(Database& db, int64_t user_id, const std::string& keep) {
    auto s = db.session();
    execute(db, s, "DELETE FROM `user_sessions` WHERE `user_id` = ? AND `id` <> ?", {user_id, keep});
}

}  // namespace gw::store
