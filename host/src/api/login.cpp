#include "api/login.hpp"

#include "api/common.hpp"
#include "app/config.hpp"
#include "auth/session.hpp"
#include "store/cache.hpp"
#include "store/session_repo.hpp"
#include "store/user_repo.hpp"

#include <nlohmann/json.hpp>

namespace gw::api {

void complete_login(AppContext& ctx, store::User user, const http::Responder& res, http::HeaderList headers) {
    if (user.status != 1)
        return res.send(200, R"({"success":false,"message":"用户已被封禁"})", "application/json", headers);
    user.last_login_at = now_seconds();
    store::update_user_columns(ctx.db, user, {"last_login_at"});
    ctx.cache.refresh_user(user.id);
    int64_t expires = now_seconds() + auth::kSessionSeconds;
    auth::Session s{user.id, user.username, user.role, expires, store::create_session(ctx.db, user.id, expires)};
    nlohmann::json body = {{"success", true},
                           {"message", ""},
                           {"data",
                            {{"id", user.id},
                             {"username", user.username},
                             {"display_name", user.display_name},
                             {"role", user.role},
                             {"status", user.status},
                             {"group", user.group}}}};
    headers.emplace_back("Set-Cookie", auth::session_cookie_header(auth::encode_session(s, ctx.config.session_secret)));
    res.send(200, body.dump(), "application/json", headers);
}

}  // namespace gw::api
