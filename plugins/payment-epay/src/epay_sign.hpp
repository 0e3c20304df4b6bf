// The standard EPay MD5 signature and the form encoding its notifies arrive in.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace epay {

using Params = std::map<std::string, std::string>;  // sorted by key, as the signature needs

// application/x-www-form-urlencoded (or a query string) into decoded parameters.
Params parse_form(std::string_view text);

// "k1=v1&k2=v2…" over every parameter except sign and sign_type, empty values dropped, keys in
// ASCII order, values not URL-encoded.
std::string sign_base(const Params& params);

// Lowercase hex MD5 of sign_base(params) + key (the host computes the digest).
std::string sign(const Params& params, std::string_view key);

// Constant-time comparison of the notify's sign with ours.
bool verify(const Params& params, std::string_view key);

// "12.30" <-> 1230 minor units; nullopt for anything but a plain non-negative decimal.
std::optional<int64_t> parse_money(std::string_view text);
std::string format_money(int64_t minor);

}  // namespace epay
