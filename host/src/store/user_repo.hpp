// Users table access (soft-deleted rows excluded).
#pragma once

#include "store/database.hpp"
#include "store/entities.hpp"

#include <optional>
#include <vector>

namespace gw::store {

std::vector<User> load_users(Database& db);
std::optional<User> find_user(Database& db, int64_t id);
int64_t insert_user(Database& db, const User& u);

}  // namespace gw::store
