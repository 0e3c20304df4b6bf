#include "auth/password.hpp"

#include <crypt.h>

#include <cstring>
#include <stdexcept>

namespace gw::auth {

std::string hash_password(const std::string& password) {
    char setting[CRYPT_GENSALT_OUTPUT_SIZE];
    if (!crypt_gensalt_rn("$2b$", 10, nullptr, 0, setting, sizeof setting))
        throw std::runtime_error("bcrypt salt generation failed");
    crypt_data data{};
    const char* out = crypt_rn(password.c_str(), setting, &data, sizeof data);
    if (!out || out[0] == '*') throw std::runtime_error("bcrypt hashing failed");
    return out;
}

bool verify_password(const std::string& password, const std::string& hash) {
    if (hash.size() < 7 || hash[0] != '$') return false;
    crypt_data data{};
    const char* out = crypt_rn(password.c_str(), hash.c_str(), &data, sizeof data);
    if (!out || out[0] == '*') return false;
    size_t n = std::strlen(out);
    if (n != hash.size()) return false;
    unsigned char diff = 0;  // constant-time comparison
    for (size_t i = 0; i < n; ++i) diff |= static_cast<unsigned char>(out[i] ^ hash[i]);
    return diff == 0;
}

}  // namespace gw::auth
