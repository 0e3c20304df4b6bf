// Cross-origin access to the relay routes, as New API grants it: any origin may call them with a
// key (browser apps elsewhere), and a preflight is answered 204 without authentication.
#pragma once

#include "http/request.hpp"

#include <string>
#include <utility>
#include <vector>

namespace gw::http {

// Whether `path` is a relay route (OpenAI, Claude, Gemini and dashboard paths).
bool cors_route(const std::string& path);
// The headers every answer to `req` carries; empty without an Origin header.
std::vector<std::pair<std::string, std::string>> cors_headers(const HttpRequest& req);
// The preflight answer's extra headers (methods, requested headers, max age).
std::vector<std::pair<std::string, std::string>> preflight_headers(const HttpRequest& req);

}  // namespace gw::http
