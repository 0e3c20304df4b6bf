// Codes sent by e-mail (registration and binding "v", password reset "r"), in the database so
// every node accepts a code another node sent and a restart loses none. One live code per address
// and purpose, stored as a SHA-256 hash; spent by the first right guess, void after five wrong
// ones or when it expires.
#pragma once

#include "store/database.hpp"

#include <string>

namespace gw::store {

inline constexpr int kVerificationMaxAttempts = 5;

// Replaces the address's code for `purpose`.
void save_verification_code(Database& db, const std::string& purpose, const std::string& email, const std::string& code,
                            int64_t expires_at);
// True once for the right code before it expires; wrong guesses count towards the limit.
bool spend_verification_code(Database& db, const std::string& purpose, const std::string& email,
                             const std::string& code, int64_t now);

}  // namespace gw::store
