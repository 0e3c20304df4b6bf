// Borrowed ABI views from and to C++ string views, on the host side.
#pragma once

#include <gw/abi/types.h>

#include <string_view>

namespace gw::plugin {

inline gw_str to_abi(std::string_view s) noexcept {
    return gw_str{s.data(), s.size()};
}
inline std::string_view from_abi(gw_str s) noexcept {
    return s.ptr ? std::string_view(s.ptr, s.len) : std::string_view();
}

}  // namespace gw::plugin
