// Time-based one-time passwords (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps, as authenticator
// apps and New API use them) and the backup codes that stand in for them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gw::auth {

inline constexpr int64_t kTotpStepSeconds = 30;

// A fresh shared secret: 20 random bytes in unpadded base32, the form otpauth:// URIs carry.
std::string new_totp_secret();
// The RFC 4226 code for one counter value; nullopt when the secret is not base32. `digits` ≤ 9.
std::optional<std::string> hotp(std::string_view base32_secret, uint64_t counter, int digits = 6);
// The time step a six-digit code belongs to, checked against the step of `now` and one either
// side (clock drift); nullopt when it matches none.
std::optional<int64_t> totp_step(std::string_view base32_secret, std::string_view code, int64_t now);
// otpauth://totp/... for the authenticator's QR code.
std::string totp_uri(const std::string& secret, const std::string& account, const std::string& issuer);

// Backup codes: XXXX-XXXX from [A-Z0-9]; a user types them with or without the dash, any case.
std::vector<std::string> new_backup_codes(size_t count = 4);
// The canonical form a code is hashed in, or nullopt when it cannot be a backup code.
std::optional<std::string> normalize_backup_code(std::string_view code);

}  // namespace gw::auth
