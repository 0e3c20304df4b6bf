// TOTP two-factor authentication as New API has it: /api/user/2fa/{status,setup,enable,disable,
// backup_codes}, the second login step /api/user/login/2fa, and the admin's stats and reset.
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"
#include "store/entities.hpp"

namespace gw::api {

// The answer to a correct password when the user has 2FA: a flow token for /api/user/login/2fa.
void reply_second_factor_needed(AppContext& ctx, const store::User& user, const http::Responder& res);

void register_twofa_api(http::Router& router, AppContext& ctx);

}  // namespace gw::api
