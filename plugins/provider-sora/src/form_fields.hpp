// The text fields of a JSON or multipart/form-data request body (OpenAI's SDK sends video
// creations as multipart forms): enough to price and route a submit, files are skipped.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace sora {

// Fields by name; empty when the body is neither a JSON object nor a form with this boundary.
std::map<std::string, std::string> form_fields(std::string_view content_type, std::string_view body);

}  // namespace sora
