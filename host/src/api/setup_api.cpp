#include "api/setup_api.hpp"

#include "api/auth.hpp"
#include "api/common.hpp"
#include "api/input.hpp"
#include "api/reply.hpp"
#include "auth/password.hpp"
#include "auth/random.hpp"
#include "store/cache.hpp"
#include "store/database.hpp"
#include "store/option_repo.hpp"
#include "store/user_repo.hpp"

#include <Poco/Data/Session.h>

#include <mutex>

namespace gw::api {
namespace {

bool root_exists(AppContext& ctx) {
    store::Where w;
    w.eq("role", int64_t{kRoleRoot});
    return store::count_users(ctx.db, w) > 0;
}

void create_root(AppContext& ctx, const Input& in) {
    std::string username = in.required("username", 64);
    std::string password = in.required("password", 64);
    if (username.size() > 12) throw http::ClientError("用户名长度不能超过12个字符");
    if (password.size() < 8) throw http::ClientError("密码长度至少为8个字符");
    if (in.str("confirmPassword", 64).value_or("") != password) throw http::ClientError("两次输入的密码不一致");
    store::User root;
    root.username = username;
    root.password = auth::hash_password(password);
    root.display_name = "Root User";
    root.role = kRoleRoot;
    root.quota = 100000000;
    root.aff_code = auth::random_alnum(4);
    root.created_at = now_seconds();
    store::insert_user(ctx.db, root);
}

void finish_setup(AppContext& ctx, const Input& in) {
    for (const char* key : {"SelfUseModeEnabled", "DemoSiteEnabled"})
        if (auto v = in.boolean(key)) store::save_option(ctx.db, key, *v ? "true" : "false");
    auto s = ctx.db.session();
    store::execute(ctx.db, s, "INSERT INTO `setups` (`version`,`initialized_at`) VALUES (?,?)",
                   {std::string("v0.1.0"), now_seconds()});
}

}  // namespace

void register_setup_api(http::Router& router, AppContext& ctx) {
    router.get("/api/setup", [&ctx](http::HttpRequest&, const http::Responder& res) {
        reply_data(res, {{"status", ctx.cache.setup_done()},
                         {"root_init", root_exists(ctx)},
                         {"database_type", store::dialect_name(ctx.db.dialect())}});
    });
    router.post("/api/setup", [&ctx](http::HttpRequest& req, const http::Responder& res) {
        static std::mutex once;  // two racing setups must not both create a root
        std::lock_guard lock(once);
        ctx.cache.reload_setup();
        if (ctx.cache.setup_done()) return reply_error(res, "系统已经初始化完成");
        Input in(req);
        if (!root_exists(ctx)) create_root(ctx, in);
        finish_setup(ctx, in);
        ctx.cache.reload_all_and_announce();
        reply_ok(res, "系统初始化完成");
    });
}

}  // namespace gw::api
