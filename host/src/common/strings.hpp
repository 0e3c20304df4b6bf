// Small string helpers shared across the host.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gw {

std::string trim(std::string_view s);
// Splits on sep, trims each part and drops empty parts ("a, b,,c" -> a b c).
std::vector<std::string> split_trimmed(std::string_view s, char sep);
std::string to_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool starts_with(std::string_view s, std::string_view prefix);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
// Every occurrence of `from` replaced by `to`.
std::string replace_all(std::string s, std::string_view from, std::string_view to);
// %XX escapes decoded (URL credentials and query values); a malformed escape stays as it is.
std::string percent_decode(std::string_view s);
// Everything but RFC 3986's unreserved characters as %XX (query values, form fields).
std::string percent_encode(std::string_view s);

}  // namespace gw
