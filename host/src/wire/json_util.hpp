// Lenient readers for the JSON the converters walk: a missing or mistyped field reads as empty,
// because clients send every variation the providers' own servers accept.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace gw::wire {

using nlohmann::json;

// The field, or nullptr when absent or null.
const json* field(const json& o, const char* key);
// The first present of a camelCase and a snake_case spelling (Gemini accepts both).
const json* field2(const json& o, const char* camel, const char* snake);
std::string str_of(const json& o, const char* key);
int64_t int_of(const json& o, const char* key);
// A string content, or the concatenated "text" of an array of parts.
std::string text_of(const json& content);
// Tool-call arguments as an object; malformed or empty arguments read as {}.
json parse_arguments(std::string_view s);
std::string dump(const json& j);
// prefix followed by 24 random letters and digits.
std::string new_id(std::string_view prefix);
int64_t unix_now();

struct DataUrl {
    std::string mime, data;
};
// "data:<mime>;base64,<data>" split apart; nullopt for any other URL.
std::optional<DataUrl> split_data_url(std::string_view url);

// Thrown by request converters on input the target format cannot express or that is malformed.
struct ConversionError {
    int status;
    std::string message;
};

}  // namespace gw::wire
