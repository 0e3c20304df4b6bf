// Passkeys (New API's passkey_credentials): one per user. The signature counter only moves
// forward through a guarded update, so of two racing uses of one assertion only one counts.
#pragma once

#include "store/database.hpp"
#include "store/entities.hpp"

#include <optional>

namespace gw::store {

std::optional<PasskeyCredential> find_passkey_of_user(Database& db, int64_t user_id);
std::optional<PasskeyCredential> find_passkey(Database& db, const std::string& credential_id);
// Replaces the user's passkey; throws when the credential is another user's.
void save_passkey(Database& db, const PasskeyCredential& p, int64_t now);
// Moves the counter from `seen` to `next` (and stamps last_used_at); false when it moved already.
bool advance_passkey(Database& db, int64_t id, int64_t seen, int64_t next, int64_t now);
bool delete_passkey_of_user(Database& db, int64_t user_id);

}  // namespace gw::store
