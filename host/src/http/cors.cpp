#include "http/cors.hpp"

namespace gw::http {

bool cors_route(const std::string& path) {
    for (const char* prefix : {"/v1/", "/v1beta/", "/dashboard/", "/pg/"})
        if (path.starts_with(prefix)) return true;
    return false;
}

std::vector<std::pair<std::string, std::string>> cors_headers(const HttpRequest& req) {
    if (req.header("origin").empty()) return {};
    return {{"Access-Control-Allow-Origin", "*"}};
}

// The requested headers are echoed: "*" does not cover Authorization.
std::vector<std::pair<std::string, std::string>> preflight_headers(const HttpRequest& req) {
    std::string asked(req.header("access-control-request-headers"));
    return {
        {"Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS, PATCH"},
        {"Access-Control-Allow-Headers", asked.empty() ? "Authorization, Content-Type, Accept, New-Api-User" : asked},
        {"Access-Control-Max-Age", "43200"}};
}

}  // namespace gw::http
