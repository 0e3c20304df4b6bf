// Base64 (RFC 4648): the standard alphabet with padding, or base64url without it (tokens,
// WebAuthn). Decoding takes either alphabet, padded or not.
#pragma once

#include <string>
#include <string_view>

namespace gw {

std::string base64_encode(std::string_view raw, bool url = false);
// Throws std::invalid_argument on a character outside both alphabets.
std::string base64_decode(std::string_view text);

}  // namespace gw
