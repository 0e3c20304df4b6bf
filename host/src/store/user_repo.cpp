#include "store/user_repo.hpp"

#include "store/orm.hpp"

namespace gw::store {

std::vector<User> load_users(Database& db) {
    auto s = db.session();
    return select_rows<User>(db, s, "WHERE `deleted_at` IS NULL");
}

std::optional<User> find_user(Database& db, int64_t id) {
    auto s = db.session();
    return select_one<User>(db, s, "WHERE `id` = ? AND `deleted_at` IS NULL", {id});
}

int64_t insert_user(Database& db, const User& u) {
    auto s = db.session();
    return insert_row(db, s, u);
}

}  // namespace gw::store
