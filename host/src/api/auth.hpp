// Management API authentication, as in New API: a session cookie or the user's system access
// token (Authorization header, "Bearer " optional), plus the New-Api-User header naming the same
// user, and a minimum role. Roles: 1 common, 10 admin, 100 root.
#pragma once

#include "app/context.hpp"
#include "http/request.hpp"
#include "http/responder.hpp"
#include "http/router.hpp"
#include "store/entities.hpp"

#include <functional>
#include <memory>

namespace gw::api {

inline constexpr int kRoleCommon = 1;
inline constexpr int kRoleAdmin = 10;
inline constexpr int kRoleRoot = 100;

using UserHandler =
    std::function<void(AppContext&, const store::User&, const http::HttpRequest&, const http::Responder&)>;

// A route handler that runs fn for an authenticated user of at least min_role.
// The id of the session the request's cookie names ("" without one); it is not checked here.
std::string session_id_of(const http::HttpRequest& req, const AppContext& ctx);

// The user a live session cookie names (no New-Api-User needed), or nullptr.
std::shared_ptr<const store::User> session_user(const http::HttpRequest& req, const AppContext& ctx);

http::Handler with_user(AppContext& ctx, int min_role, UserHandler fn);

// The user a session cookie or access token names, without the New-Api-User check (for
// scrapers, which send a bearer token alone), or nullptr.
std::shared_ptr<const store::User> credential_owner(const http::HttpRequest& req, const AppContext& ctx);

// The authenticated user, or nullptr after an error answer (401/403) has been sent.
std::shared_ptr<const store::User> authenticate(const http::HttpRequest& req, const http::Responder& res,
                                                const AppContext& ctx, int min_role);

}  // namespace gw::api
