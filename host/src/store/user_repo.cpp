#include "store/user_repo.hpp"

#include "store/orm.hpp"

#include <set>
#include <stdexcept>

namespace gw::store {

std::vector<User> load_users(Database& db) {
    auto s = db.session();
    return select_rows<User>(db, s, "WHERE `deleted_at` IS NULL");
}

std::optional<User> find_user(Database& db, int64_t id) {
    auto s = db.session();
    return select_one<User>(db, s, "WHERE `id` = ? AND `deleted_at` IS NULL", {id});
}

std::optional<User> find_user_by_login(Database& db, const std::string& login) {
    auto s = db.session();
    if (login.find('@') != std::string::npos)
        return select_one<User>(db, s, "WHERE `email` = ? AND `deleted_at` IS NULL", {login});
    return select_one<User>(db, s, "WHERE `username` = ? AND `deleted_at` IS NULL", {login});
}

namespace {

const std::string& external_column(const std::string& column) {
    static const std::set<std::string> allowed = {"github_id",   "discord_id",  "oidc_id", "wechat_id",
                                                  "telegram_id", "linux_do_id", "email"};
    if (!allowed.count(column)) throw std::invalid_argument("not an external account column: " + column);
    return column;
}

}  // namespace

ExternalMatch find_user_by_external(Database& db, const std::string& column, const std::string& value) {
    if (value.empty()) return {};
    auto s = db.session();
    std::string where = "WHERE `" + external_column(column) + "` = ?";
    if (auto u = select_one<User>(db, s, where + " AND `deleted_at` IS NULL", {value})) return {u, false};
    return {std::nullopt, query_int(db, s, "SELECT count(*) FROM `users` " + where, {value}) > 0};
}

bool set_user_external(Database& db, int64_t user_id, const std::string& column, const std::string& value) {
    auto s = db.session();
    return execute(db, s, "UPDATE `users` SET `" + external_column(column) + "` = ? WHERE `id` = ?", {value, user_id}) >
           0;
}

int64_t max_user_id(Database& db) {
    auto s = db.session();
    return query_int(db, s, "SELECT COALESCE(MAX(`id`), 0) FROM `users`");
}

bool username_taken(Database& db, const std::string& username, int64_t except_id) {
    auto s = db.session();
    return query_int(db, s, "SELECT count(*) FROM `users` WHERE `username` = ? AND `id` <> ?", {username, except_id}) >
           0;
}

int64_t count_users(Database& db, const Where& where) {
    auto s = db.session();
    return query_int(db, s, "SELECT count(*) FROM `users` " + where.sql(), where.params());
}

Rows<User> list_users(Database& db, const Where& where, const Page& page) {
    auto s = db.session();
    return select_page<User>(db, s, where, "ORDER BY `id` DESC", page);
}

int64_t insert_user(Database& db, const User& u) {
    auto s = db.session();
    return insert_row(db, s, u);
}

void update_user_columns(Database& db, const User& u, const std::vector<std::string_view>& columns) {
    refuse_money_columns(columns, {"quota", "used_quota", "request_count", "aff_count", "aff_quota", "aff_history"});
    auto s = db.session();
    update_columns(db, s, u, columns);
}

bool add_user_quota(Database& db, int64_t id, int64_t delta) {
    auto s = db.session();
    return execute(db, s, "UPDATE `users` SET `quota` = `quota` + ? WHERE `id` = ?", {delta, id}) > 0;
}

void soft_delete_user(Database& db, int64_t id) {
    auto s = db.session();
    execute(db, s, "UPDATE `users` SET `deleted_at` = CURRENT_TIMESTAMP WHERE `id` = ?", {id});
}

void hard_delete_user(Database& db, int64_t id) {
    auto s = db.session();
    execute(db, s, "DELETE FROM `users` WHERE `id` = ?", {id});
}

void credit_inviter(Database& db, int64_t inviter_id, int64_t amount) {
    auto s = db.session();
    execute(db, s,
            "UPDATE `users` SET `aff_count` = `aff_count` + 1, `aff_quota` = `aff_quota` + ?, "
            "`aff_history` = `aff_history` + ? WHERE `id` = ?",
            {amount, amount, inviter_id});
}

bool transfer_aff_quota(Database& db, int64_t id, int64_t amount) {
    auto s = db.session();
    return execute(db, s,
                   "UPDATE `users` SET `aff_quota` = `aff_quota` - ?, `quota` = `quota` + ? "
                   "WHERE `id` = ? AND `aff_quota` >= ?",
                   {amount, amount, id, amount}) == 1;
}

}  // namespace gw::store
