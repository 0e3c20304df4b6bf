#include "common/ip.hpp"

#include "common/strings.hpp"

#include <arpa/inet.h>

#include <array>
#include <charconv>
#include <cstring>
#include <optional>

namespace gw {
namespace {

struct Addr {
    int family = 0;  // AF_INET or AF_INET6
    std::array<unsigned char, 16> bytes{};
};

std::optional<Addr> parse_addr(const std::string& s) {
    Addr a;
    if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1)
        a.family = AF_INET;
    else if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) == 1)
        a.family = AF_INET6;
    else
        return std::nullopt;
    return a;
}

struct Range {
    Addr addr;
    int prefix = 0;
};

std::optional<Range> parse_range(std::string_view entry) {
    std::string s = trim(entry);
    size_t slash = s.find('/');
    auto addr = parse_addr(s.substr(0, slash));
    if (!addr) return std::nullopt;
    int max = addr->family == AF_INET ? 32 : 128;
    int prefix = max;
    if (slash != std::string::npos) {
        std::string p = s.substr(slash + 1);
        auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), prefix);
        if (ec != std::errc() || end != p.data() + p.size() || p.empty() || prefix < 0 || prefix > max)
            return std::nullopt;
    }
    return Range{*addr, prefix};
}

bool in_range(const Addr& ip, const Range& r) {
    if (ip.family != r.addr.family) return false;
    int full = r.prefix / 8, rest = r.prefix % 8;
    if (std::memcmp(ip.bytes.data(), r.addr.bytes.data(), static_cast<size_t>(full)) != 0) return false;
    if (rest == 0) return true;
    unsigned char mask = static_cast<unsigned char>(0xFF << (8 - rest));
    return (ip.bytes[full] & mask) == (r.addr.bytes[full] & mask);
}

}  // namespace

bool valid_ip_or_cidr(std::string_view entry) {
    return parse_range(entry).has_value();
}

std::vector<std::string> split_ip_list(std::string_view list) {
    std::string normalized(list);
    for (char& c : normalized)
        if (c == '\n' || c == '\r') c = ',';
    return split_trimmed(normalized, ',');
}

bool ip_allowed(std::string_view ip, const std::vector<std::string>& entries) {
    auto addr = parse_addr(trim(ip));
    if (!addr) return false;
    for (const auto& e : entries)
        if (auto r = parse_range(e); r && in_range(*addr, *r)) return true;
    return false;
}

}  // namespace gw
