// An unknown relay path (/v1/..., /v1beta/...) answers 404 in the client's own error format, as
// New API does ("Invalid URL (METHOD /path)"), so SDKs show a real error instead of a parse failure;
// an unknown management path (/api/...), or one asked with another method, answers the same way.
#pragma once

#include "http/router.hpp"

#include <optional>

namespace gw::relay {

// The 404 for a relay or management path; nullopt for any other path.
std::optional<http::EarlyAnswer> relay_not_found(const http::HttpRequest& req);

}  // namespace gw::relay
