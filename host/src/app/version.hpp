#pragma once

namespace gw {
inline constexpr const char* kVersion = "v0.1.0";
}
