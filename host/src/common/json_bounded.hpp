// Bounded JSON nesting. nlohmann parses without recursion, but copying, dumping and our
// converters recurse once per level, so a document a megabyte deep overflows a thread's stack.
// Every JSON the gateway reads (request bodies, stored settings, upstream answers) is refused
// past kMaxJsonDepth levels, which no real request comes near.
#pragma once

#include <gw/cpp/json_depth.hpp>  // kMaxJsonDepth, json_too_deep: the same bound the plugins apply
#include <nlohmann/json.hpp>

#include <string_view>

namespace gw {

// Parses without exceptions: discarded when malformed or nested too deep.
nlohmann::json parse_json(std::string_view text);

}  // namespace gw
