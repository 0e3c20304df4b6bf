// Operator-defined OAuth providers and the accounts users bound through them (New API's
// custom_oauth_providers and user_oauth_bindings). A provider account is bound to one user at
// most: the unique (provider_id, provider_user_id) index decides between racing binds.
#pragma once

#include "store/database.hpp"
#include "store/entities.hpp"

#include <optional>
#include <vector>

namespace gw::store {

std::vector<CustomOAuthProvider> list_custom_providers(Database& db);
std::optional<CustomOAuthProvider> find_custom_provider(Database& db, int64_t id);
std::optional<CustomOAuthProvider> find_custom_provider(Database& db, const std::string& slug);
bool custom_slug_taken(Database& db, const std::string& slug, int64_t except_id);
int64_t insert_custom_provider(Database& db, const CustomOAuthProvider& p, int64_t now);
void update_custom_provider(Database& db, const CustomOAuthProvider& p, int64_t now);
// Deletes the provider and every binding made through it.
void delete_custom_provider(Database& db, int64_t id);

std::vector<UserOAuthBinding> bindings_of_user(Database& db, int64_t user_id);
std::optional<UserOAuthBinding> find_binding(Database& db, int64_t provider_id, const std::string& provider_user_id);
// Binds (replacing the user's earlier account of that provider); false when the account is
// already another user's.
bool bind_account(Database& db, int64_t user_id, int64_t provider_id, const std::string& provider_user_id, int64_t now);
bool unbind_account(Database& db, int64_t user_id, int64_t provider_id);

}  // namespace gw::store
