#include "epay_sign.hpp"

#include <gw/cpp/host.hpp>

#include <cctype>

namespace epay {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string decode(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

}  // namespace

Params parse_form(std::string_view text) {
    Params out;
    while (!text.empty()) {
        size_t amp = text.find('&');
        std::string_view pair = text.substr(0, amp);
        size_t eq = pair.find('=');
        if (!pair.empty())
            out[decode(pair.substr(0, eq))] = eq == std::string_view::npos ? "" : decode(pair.substr(eq + 1));
        if (amp == std::string_view::npos) break;
        text.remove_prefix(amp + 1);
    }
    return out;
}

std::string sign_base(const Params& params) {
    std::string base;
    for (const auto& [k, v] : params) {
        if (k == "sign" || k == "sign_type" || v.empty()) continue;
        if (!base.empty()) base += '&';
        base += k + "=" + v;
    }
    return base;
}

std::string sign(const Params& params, std::string_view key) {
    return gw::to_hex(gw::Host::digest(GW_DIGEST_MD5, sign_base(params) + std::string(key)));
}

bool verify(const Params& params, std::string_view key) {
    auto it = params.find("sign");
    if (it == params.end() || it->second.empty()) return false;
    std::string expected = sign(params, key);
    std::string given = it->second;
    for (char& c : given) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (expected.size() != 32 || given.size() != expected.size()) return false;
    unsigned diff = 0;
    for (size_t i = 0; i < given.size(); ++i) diff |= static_cast<unsigned>(given[i] ^ expected[i]);
    return diff == 0;
}

std::optional<int64_t> parse_money(std::string_view text) {
    size_t dot = text.find('.');
    std::string_view whole = text.substr(0, dot);
    std::string_view frac = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
    if (whole.empty() || whole.size() > 12 || frac.size() > 2) return std::nullopt;
    int64_t minor = 0;
    for (char c : whole) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
        minor = minor * 10 + (c - '0');
    }
    for (size_t i = 0; i < 2; ++i) {
        char c = i < frac.size() ? frac[i] : '0';
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
        minor = minor * 10 + (c - '0');
    }
    return minor;
}

std::string format_money(int64_t minor) {
    std::string cents = std::to_string(minor % 100);
    return std::to_string(minor / 100) + "." + (cents.size() < 2 ? "0" + cents : cents);
}

}  // namespace epay
