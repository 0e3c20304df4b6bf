// Random strings from the system CSPRNG (OpenSSL RAND_bytes).
#pragma once

#include <string>

namespace gw::auth {

// n characters from [a-zA-Z0-9], without modulo bias.
std::string random_alnum(size_t n);
// A 32-character lowercase hex string (UUID-sized), for access tokens and redemption codes.
std::string random_hex32();

}  // namespace gw::auth
