// Password hashing with bcrypt (libxcrypt), compatible with New API's Go bcrypt hashes ($2a$).
#pragma once

#include <string>

namespace gw::auth {

std::string hash_password(const std::string& password);
bool verify_password(const std::string& password, const std::string& hash);

}  // namespace gw::auth
