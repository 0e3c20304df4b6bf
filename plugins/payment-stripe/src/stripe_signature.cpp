#include "stripe_signature.hpp"

#include <gw/cpp/host.hpp>

#include <cctype>
#include <cstdlib>
#include <vector>

namespace stripe {
namespace {

bool same(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    unsigned diff = 0;
    for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned>(a[i] ^ b[i]);
    return diff == 0;
}

}  // namespace

Verdict verify_signature(std::string_view header, std::string_view body, std::string_view secret, int64_t now,
                         int64_t tolerance) {
    std::string t;
    std::vector<std::string_view> v1;
    while (!header.empty()) {
        size_t comma = header.find(',');
        std::string_view item = header.substr(0, comma);
        size_t eq = item.find('=');
        if (eq != std::string_view::npos) {
            std::string_view k = item.substr(0, eq), v = item.substr(eq + 1);
            if (k == "t") t = std::string(v);
            if (k == "v1") v1.push_back(v);
        }
        if (comma == std::string_view::npos) break;
        header.remove_prefix(comma + 1);
    }
    char* end = nullptr;
    long long at = t.empty() ? 0 : std::strtoll(t.c_str(), &end, 10);
    if (t.empty() || *end != '\0' || v1.empty()) return Verdict::malformed;
    std::string expected = gw::to_hex(gw::Host::hmac(GW_DIGEST_SHA256, secret, t + "." + std::string(body)));
    if (expected.size() != 64) return Verdict::malformed;
    bool matched = false;
    for (std::string_view sig : v1) matched |= same(sig, expected);
    if (!matched) return Verdict::mismatch;
    if (at < now - tolerance || at > now + tolerance) return Verdict::too_old;
    return Verdict::ok;
}

std::string form_encode(std::string_view text) {
    static const char* digits = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += digits[c >> 4];
            out += digits[c & 15];
        }
    }
    return out;
}

}  // namespace stripe
