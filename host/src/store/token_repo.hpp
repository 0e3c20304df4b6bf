// Tokens (API keys) table access (soft-deleted rows excluded).
#pragma once

#include "store/database.hpp"
#include "store/entities.hpp"
#include "store/query.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace gw::store {

std::vector<Token> load_tokens(Database& db);
std::optional<Token> find_token(Database& db, int64_t id);
std::optional<Token> find_token_by_key(Database& db, const std::string& key);
Rows<Token> list_tokens(Database& db, const Where& where, const Page& page);
int64_t count_tokens(Database& db, int64_t user_id);
int64_t insert_token(Database& db, const Token& t);
// Writes only the named columns, never remain_quota or used_quota (see add_token_remain).
void update_token_columns(Database& db, const Token& t, const std::vector<std::string_view>& columns);
// remain_quota = remain_quota + delta.
void add_token_remain(Database& db, int64_t id, int64_t delta);
// Deletes the user's tokens among ids; returns how many.
int64_t delete_tokens(Database& db, int64_t user_id, const std::vector<int64_t>& ids);

}  // namespace gw::store
