// What a Midjourney-Proxy call asks for, read from the path the client called and its body: the
// action (IMAGINE, UPSCALE, ...), the model it is billed as, the task it continues, and the path
// sent upstream. Errors use MJ-Proxy's descriptions ("prompt_is_required", ...).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace mj {

struct Call {
    std::string action;         // MJ-Proxy action name; empty for reads (image-seed)
    std::string model;          // billing name; empty: free
    std::string origin;         // upstream id of the task this call continues
    std::string upstream_path;  // path and query sent upstream
    std::string error;          // set: the call is refused with this description
};

// Strips a "/mj-<x>" mode prefix (other prefixes such as "/fast" stay in the upstream path).
std::string upstream_path(std::string_view client_path);
Call read_call(std::string_view client_path, const nlohmann::json& body);
std::string model_of(std::string_view action);

}  // namespace mj
