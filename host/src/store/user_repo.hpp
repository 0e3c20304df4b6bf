// Users table access. Soft-deleted rows (deleted_at set) are excluded unless stated.
#pragma once

#include "store/database.hpp"
#include "store/entities.hpp"
#include "store/query.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gw::store {

std::vector<User> load_users(Database& db);
std::optional<User> find_user(Database& db, int64_t id);
// By username, or by email when the login contains '@'.
std::optional<User> find_user_by_login(Database& db, const std::string& login);
// Includes soft-deleted users: names are never reused.
// Accounts of other sign-in services: `column` is one of the users table's github_id, discord_id,
// oidc_id, wechat_id, telegram_id, linux_do_id or email (anything else throws).
struct ExternalMatch {
    std::optional<User> user;  // the live user bound to it
    bool deleted = false;      // bound only to a deleted user
};
ExternalMatch find_user_by_external(Database& db, const std::string& column, const std::string& value);
// Binds (or with "" unbinds) one external account; false when the user does not exist.
bool set_user_external(Database& db, int64_t user_id, const std::string& column, const std::string& value);
int64_t max_user_id(Database& db);

bool username_taken(Database& db, const std::string& username, int64_t except_id = 0);
int64_t count_users(Database& db, const Where& where = {});
Rows<User> list_users(Database& db, const Where& where, const Page& page);
int64_t insert_user(Database& db, const User& u);
// Writes only the named columns; balances (quota, used_quota, request_count, aff_*) are never
// among them: they move by deltas alone.
void update_user_columns(Database& db, const User& u, const std::vector<std::string_view>& columns);
// Atomic quota change (quota = quota + delta); false when the user does not exist.
bool add_user_quota(Database& db, int64_t id, int64_t delta);
// An invitation's reward to the inviter: aff_count + 1, aff_quota and aff_history + amount.
void credit_inviter(Database& db, int64_t inviter_id, int64_t amount);
// Moves `amount` of affiliate quota into the balance in one guarded update; false when the
// affiliate quota does not cover it (so racing transfers never overdraw it).
bool transfer_aff_quota(Database& db, int64_t id, int64_t amount);
void soft_delete_user(Database& db, int64_t id);
void hard_delete_user(Database& db, int64_t id);

}  // namespace gw::store
