// A channel's model mapping ({"requested": "upstream"}), followed through chains with cycle
// detection. Billing and logs keep the requested name; the upstream sees the mapped one.
#pragma once

#include <optional>
#include <string>

namespace gw::relay {

// The upstream model name, or nullopt when the mapping loops.
std::optional<std::string> map_model(const std::string& mapping_json, const std::string& model);

}  // namespace gw::relay
