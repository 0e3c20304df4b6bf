#include "store/token_repo.hpp"

#include "store/orm.hpp"

namespace gw::store {

std::vector<Token> load_tokens(Database& db) {
    auto s = db.session();
    return select_rows<Token>(db, s, "WHERE `deleted_at` IS NULL");
}

std::optional<Token> find_token(Database& db, int64_t id) {
    auto s = db.session();
    return select_one<Token>(db, s, "WHERE `id` = ? AND `deleted_at` IS NULL", {id});
}

std::optional<Token> find_token_by_key(Database& db, const std::string& key) {
    auto s = db.session();
    return select_one<Token>(db, s, "WHERE `key` = ? AND `deleted_at` IS NULL", {key});
}

Rows<Token> list_tokens(Database& db, const Where& where, const Page& page) {
    auto s = db.session();
    Where w = where;
    w.add("`deleted_at` IS NULL");
    return select_page<Token>(db, s, w, "ORDER BY `id` DESC", page);
}

int64_t count_tokens(Database& db, int64_t user_id) {
    auto s = db.session();
    return query_int(db, s, "SELECT count(*) FROM `tokens` WHERE `user_id` = ? AND `deleted_at` IS NULL", {user_id});
}

int64_t insert_token(Database& db, const Token& t) {
    auto s = db.session();
    return insert_row(db, s, t);
}

void update_token_columns(Database& db, const Token& t, const std::vector<std::string_view>& columns) {
    refuse_money_columns(columns, {"remain_quota", "used_quota"});
    auto s = db.session();
    update_columns(db, s, t, columns);
}

void add_token_remain(Database& db, int64_t id, int64_t delta) {
    auto s = db.session();
    execute(db, s, "UPDATE `tokens` SET `remain_quota` = `remain_quota` + ? WHERE `id` = ?", {delta, id});
}

int64_t delete_tokens(Database& db, int64_t user_id, const std::vector<int64_t>& ids) {
    auto s = db.session();
    int64_t n = 0;
    for (int64_t id : ids)
        n += static_cast<int64_t>(
            execute(db, s, "DELETE FROM `tokens` WHERE `id` = ? AND `user_id` = ?", {id, user_id}));
    return n;
}

}  // namespace gw::store
