// Borrowed ABI views from and to C++ string views, on the host side.
#pragma once

#include <gw/abi/types.h>

#include <cstring>
#include <string>
#include <string_view>

namespace gw::plugin {

inline gw_str to_abi(std::string_view s) noexcept {
    return gw_str{s.data(), s.size()};
}
inline std::string_view from_abi(gw_str s) noexcept {
    return s.ptr ? std::string_view(s.ptr, s.len) : std::string_view();
}

inline std::string copy_abi(gw_str s) {
    return std::string(from_abi(s));
}

// A size-prefixed struct from the other side: fields it does not know read as zero.
template <class T>
T read_sized(const T* in) {
    T out{};
    if (!in) return out;
    std::memcpy(static_cast<void*>(&out), in, in->struct_size < sizeof(T) ? in->struct_size : sizeof(T));
    return out;
}

}  // namespace gw::plugin
