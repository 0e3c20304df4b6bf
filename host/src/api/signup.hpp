// Creating an account, however the user signs up (password, a third-party account): New API's
// sign-up gift, the invitation rewards for both sides, and their logs.
#pragma once

#include "app/context.hpp"
#include "store/entities.hpp"

#include <string>

namespace gw::api {

// Inserts `u` (username, display name, password hash, external ids already set) with a fresh
// affiliate code; `aff_code` names the inviter, if any. Returns the new id.
int64_t sign_up(AppContext& ctx, store::User u, const std::string& aff_code);

}  // namespace gw::api
