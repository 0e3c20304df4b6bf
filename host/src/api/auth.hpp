// Management API authentication: the user's system access token (Authorization header, with or
// without "Bearer ") plus the New-Api-User header naming the same user, and a minimum role.
#pragma once

#include "http/request.hpp"
#include "http/responder.hpp"
#include "store/cache.hpp"

#include <memory>

namespace gw::api {

inline constexpr int kRoleCommon = 1;
inline constexpr int kRoleAdmin = 10;
inline constexpr int kRoleRoot = 100;

// The authenticated user, or nullptr after an error reply has been sent.
std::shared_ptr<const store::User> authenticate(const http::HttpRequest& req, const http::Responder& res,
                                                const store::Cache& cache, int min_role);

}  // namespace gw::api
