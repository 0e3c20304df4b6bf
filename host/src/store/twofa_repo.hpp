// TOTP two-factor settings and backup codes (New API's two_fas and two_fa_backup_codes). Every
// change that decides a login is one guarded UPDATE: a time step is accepted once, a backup code
// is spent once, and failures count up to a lockout, however many requests race.
#pragma once

#include "store/database.hpp"
#include "store/entities.hpp"

#include <optional>
#include <string>
#include <vector>

namespace gw::store {

inline constexpr int kTwoFAMaxFailures = 5;
inline constexpr int64_t kTwoFALockSeconds = 300;

// The user's 2FA row (enabled or pending setup), if any.
std::optional<TwoFA> find_two_fa(Database& db, int64_t user_id);
bool two_fa_enabled(Database& db, int64_t user_id);
// Locked after kTwoFAMaxFailures wrong codes in a row, for kTwoFALockSeconds.
bool two_fa_locked(Database& db, int64_t user_id, int64_t now);

// Replaces a pending setup (never an enabled one) with a new secret and backup codes (hashes).
void start_two_fa_setup(Database& db, int64_t user_id, const std::string& secret,
                        const std::vector<std::string>& code_hashes, int64_t now);
// Pending → enabled; false when there was no pending setup.
bool enable_two_fa(Database& db, int64_t user_id);
// Removes 2FA and its backup codes; false when there was none.
bool remove_two_fa(Database& db, int64_t user_id);

void record_two_fa_failure(Database& db, int64_t user_id, int64_t now);
// Accepts a code of the TOTP time step starting at `step_start` (unix seconds) unless a code of
// this step or a later one was accepted before (RFC 6238 §5.2); clears the failure count if so.
bool claim_totp_step(Database& db, int64_t user_id, int64_t step_start);

std::vector<TwoFABackupCode> unused_backup_codes(Database& db, int64_t user_id);
// Marks one code used; false when another request spent it first.
bool spend_backup_code(Database& db, int64_t user_id, int64_t code_id, int64_t now);
int64_t unused_backup_code_count(Database& db, int64_t user_id);
void replace_backup_codes(Database& db, int64_t user_id, const std::vector<std::string>& code_hashes, int64_t now);

struct TwoFAStats {
    int64_t total_users = 0, enabled_users = 0;
};
TwoFAStats two_fa_stats(Database& db);

}  // namespace gw::store
