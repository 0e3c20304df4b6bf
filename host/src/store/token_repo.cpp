#include "store/token_repo.hpp"

#include "store/orm.hpp"

namespace gw::store {

std::vector<Token> load_tokens(Database& db) {
    auto s = db.session();
    return select_rows<Token>(db, s, "WHERE `deleted_at` IS NULL");
}

int64_t insert_token(Database& db, const Token& t) {
    auto s = db.session();
    return insert_row(db, s, t);
}

}  // namespace gw::store
