// Tokens (API keys) table access (soft-deleted rows excluded).
#pragma once

#include "store/database.hpp"
#include "store/entities.hpp"

#include <vector>

namespace gw::store {

std::vector<Token> load_tokens(Database& db);
int64_t insert_token(Database& db, const Token& t);

}  // namespace gw::store
