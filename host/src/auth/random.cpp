#include "auth/random.hpp"

#include <openssl/rand.h>

#include <stdexcept>

namespace gw::auth {

std::string random_alnum(size_t n) {
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::string out;
    unsigned char buf[64];
    while (out.size() < n) {
        if (RAND_bytes(buf, sizeof buf) != 1) throw std::runtime_error("CSPRNG failure");
        for (unsigned char b : buf)
            if (b < 248 && out.size() < n) out += alphabet[b % 62];  // 248 = 4 * 62: unbiased
    }
    return out;
}

std::string random_hex32() {
    unsigned char buf[16];
    if (RAND_bytes(buf, sizeof buf) != 1) throw std::runtime_error("CSPRNG failure");
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned char b : buf) {
        out += hex[b >> 4];
        out += hex[b & 15];
    }
    return out;
}

}  // namespace gw::auth
