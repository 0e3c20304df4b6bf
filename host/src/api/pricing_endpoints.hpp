// Which client endpoints a model answers on, by the type of the channel serving it, in New API's
// names ("openai", "anthropic", "gemini", ...), and each endpoint's default path.
#pragma once

#include <string>
#include <vector>

namespace gw::api {

// The first is the preferred one.
std::vector<std::string> endpoint_types(int channel_type, const std::string& model);

struct EndpointInfo {
    std::string path, method;
};
// nullptr for a name without a default.
const EndpointInfo* default_endpoint(const std::string& type);

}  // namespace gw::api
