// Bounded JSON nesting for plugins (header-only, not part of the ABI). JSON parsers that build a
// tree usually parse without recursion, but copying, dumping and converting the tree recurse
// once per level: an upstream answer nested a million levels deep would overflow the stack of
// the gateway thread that runs the plugin. Check text before parsing it.
#pragma once

#include <cstddef>
#include <string_view>

namespace gw {

inline constexpr std::size_t kMaxJsonDepth = 128;

// Whether arrays and objects in `text` nest deeper than `limit` (a scan, not a validation).
inline bool json_too_deep(std::string_view text, std::size_t limit = kMaxJsonDepth) {
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > limit) return true;
        } else if ((c == '}' || c == ']') && depth > 0) {
            --depth;
        }
    }
    return false;
}

// Json::parse without exceptions (nlohmann::json's interface): discarded when malformed or
// nested deeper than kMaxJsonDepth.
template <class Json>
Json parse_json_bounded(std::string_view text) {
    if (json_too_deep(text)) return Json(Json::value_t::discarded);
    return Json::parse(text, nullptr, false);
}

}  // namespace gw
