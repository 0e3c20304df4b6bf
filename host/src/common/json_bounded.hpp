// Bounded JSON nesting. nlohmann parses without recursion, but copying, dumping and our
// converters recurse once per level, so a document a megabyte deep overflows a thread's stack.
// Every JSON the gateway reads (request bodies, stored settings, upstream answers) is refused
// past kMaxJsonDepth levels, which no real request comes near.
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

namespace gw {

inline constexpr size_t kMaxJsonDepth = 128;

// Whether arrays and objects in `text` nest deeper than `limit` (a scan, not a validation).
bool json_too_deep(std::string_view text, size_t limit = kMaxJsonDepth);
// Parses without exceptions: discarded when malformed or nested too deep.
nlohmann::json parse_json(std::string_view text);

}  // namespace gw
