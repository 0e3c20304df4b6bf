#include "common/base64.hpp"

#include <stdexcept>

namespace gw {

std::string base64_encode(std::string_view raw, bool url) {
    const char* alphabet = url ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                               : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    uint32_t buf = 0;
    int bits = 0;
    for (unsigned char ch : raw) {
        buf = (buf << 8) | ch;
        for (bits += 8; bits >= 6; bits -= 6) out += alphabet[(buf >> (bits - 6)) & 63];
    }
    if (bits > 0) out += alphabet[(buf << (6 - bits)) & 63];
    if (!url)
        while (out.size() % 4) out += '=';
    return out;
}

std::string base64_decode(std::string_view text) {
    std::string out;
    uint32_t buf = 0;
    int bits = 0;
    for (char ch : text) {
        int v = ch >= 'A' && ch <= 'Z'   ? ch - 'A'
                : ch >= 'a' && ch <= 'z' ? ch - 'a' + 26
                : ch >= '0' && ch <= '9' ? ch - '0' + 52
                : ch == '-' || ch == '+' ? 62
                : ch == '_' || ch == '/' ? 63
                : ch == '='              ? -2
                                         : -1;
        if (v == -2) break;
        if (v < 0) throw std::invalid_argument("not base64");
        buf = (buf << 6) | static_cast<uint32_t>(v);
        if ((bits += 6) >= 8) out += static_cast<char>((buf >> (bits -= 8)) & 0xff);
    }
    return out;
}

}  // namespace gw
