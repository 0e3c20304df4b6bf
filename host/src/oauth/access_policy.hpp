// What a custom provider's user info must show to sign in (New API's access_policy): conditions
// {field, op, value} on dotted paths (gjson-style "data.roles.0"), combined by "and"/"or" and
// nested groups. Ops: eq ne gt gte lt lte in not_in contains not_contains exists not_exists.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

namespace gw::oauth {

// The value at a dotted path, or nullptr.
const nlohmann::json* at_path(const nlohmann::json& doc, std::string_view path);
// A path's value as text (numbers without quotes); "" when absent.
std::string text_at(const nlohmann::json& doc, std::string_view path);

// "" when `info` passes `policy_text` (empty passes), else the denial message from `template_text`
// ({{provider}}, {{field}}, {{op}}, {{required}}, {{current}} filled in). A policy that does not
// parse denies.
std::string access_denial(const std::string& policy_text, const nlohmann::json& info, const std::string& provider,
                          const std::string& template_text);

}  // namespace gw::oauth
