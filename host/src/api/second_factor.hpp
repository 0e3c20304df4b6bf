// Checking a user's second factor: a TOTP code (each time step accepted once) or, where allowed,
// a backup code (each spent once). Wrong codes count towards the 2FA lockout.
#pragma once

#include "app/context.hpp"

#include <cstdint>
#include <string>

namespace gw::api {

enum class BackupCodes { allowed, refused };

// "" when `code` is accepted for the user's enabled 2FA, else the message to answer with.
std::string check_second_factor(AppContext& ctx, int64_t user_id, const std::string& code, BackupCodes backup);

}  // namespace gw::api
