// Conversions between the ABI's borrowed views and C++ string views.
#pragma once

#include <gw/abi/types.h>

#include <string>
#include <string_view>

namespace gw {

inline gw_str to_str(std::string_view s) noexcept {
    return gw_str{s.data(), s.size()};
}
inline std::string_view to_view(gw_str s) noexcept {
    return s.ptr ? std::string_view(s.ptr, s.len) : std::string_view();
}
inline std::string to_string(gw_str s) {
    return std::string(to_view(s));
}

// ASCII case-insensitive equality (HTTP header names).
inline bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = char(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = char(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

// The value of a header by case-insensitive name, empty when absent.
inline std::string_view find_header(const gw_header* headers, size_t n, std::string_view name) noexcept {
    for (size_t i = 0; i < n; ++i)
        if (iequals(to_view(headers[i].name), name)) return to_view(headers[i].value);
    return {};
}

// Copies min(size, sizeof(T)) bytes of a size-prefixed struct into a zeroed local, so fields the
// sender's ABI minor does not know read as zero.
template <class T>
T read_sized(const T* in) noexcept {
    T out{};
    if (!in) return out;
    size_t n = in->struct_size < sizeof(T) ? in->struct_size : sizeof(T);
    const auto* src = reinterpret_cast<const unsigned char*>(in);
    auto* dst = reinterpret_cast<unsigned char*>(&out);
    for (size_t i = 0; i < n; ++i) dst[i] = src[i];
    out.struct_size = static_cast<uint32_t>(sizeof(T));
    return out;
}

// Lowercase hex of raw bytes (Host::digest and Host::hmac answer raw bytes).
inline std::string to_hex(std::string_view bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

}  // namespace gw
