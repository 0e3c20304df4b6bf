// A channel's key field: one key, a newline list, or a JSON array (New API's multi-key forms).
#pragma once

#include <string>

namespace gw::relay {

// The first key in the field, or "" when there is none.
std::string first_key(const std::string& keys);

}  // namespace gw::relay
