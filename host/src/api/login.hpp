// The last step every way of signing in shares (password, second factor, third-party account):
// the server-side session, its signed cookie and New API's login answer.
#pragma once

#include "app/context.hpp"
#include "http/responder.hpp"
#include "store/entities.hpp"

namespace gw::api {

// Signs `user` in; a disabled user is refused instead. `headers` go with the answer either way.
void complete_login(AppContext& ctx, store::User user, const http::Responder& res, http::HeaderList headers = {});

}  // namespace gw::api
