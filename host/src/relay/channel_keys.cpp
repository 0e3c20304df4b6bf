#include "relay/channel_keys.hpp"

#include "common/strings.hpp"

#include <nlohmann/json.hpp>

namespace gw::relay {

std::string first_key(const std::string& keys) {
    auto arr = nlohmann::json::parse(keys, nullptr, false);
    if (arr.is_array() && !arr.empty()) return arr[0].is_string() ? arr[0].get<std::string>() : arr[0].dump();
    auto lines = split_trimmed(keys, '\n');
    return lines.empty() ? std::string() : lines.front();
}

}  // namespace gw::relay
