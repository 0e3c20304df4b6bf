// SHA-256 and HMAC-SHA256 (OpenSSL) as raw bytes, and lowercase hex for printing them.
#pragma once

#include <string>
#include <string_view>

namespace gw {

std::string sha256(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);
std::string to_hex(std::string_view raw);

}  // namespace gw
