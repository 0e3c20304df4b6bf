// E-mail as New API uses it: GET /api/verification (a code for registration or binding), GET
// /api/reset_password (a reset link), POST /api/user/reset (the link's token for a new random
// password) and /api/oauth/email/bind; plus the address rules registration checks.
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

#include <string>

namespace gw::api {

// "" when `email` may be used (syntax, EmailDomainRestriction, EmailAliasRestriction), else why.
std::string email_refusal(const AppContext& ctx, const std::string& email);
// Spends a registration/binding code sent to `email`.
bool verify_email_code(AppContext& ctx, const std::string& email, const std::string& code);

void register_email_api(http::Router& router, AppContext& ctx);

}  // namespace gw::api
