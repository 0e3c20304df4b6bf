#include "api/auth.hpp"

#include "api/reply.hpp"
#include "app/config.hpp"
#include "auth/session.hpp"
#include "common/strings.hpp"
#include "store/cache.hpp"
#include "store/session_repo.hpp"

#include <charconv>
#include <ctime>

namespace gw::api {
namespace {

std::shared_ptr<const store::User> by_access_token(const store::Cache& cache, const std::string& token) {
    for (const auto& [id, u] : *cache.users.all())
        if (u->access_token && !u->access_token->empty() && *u->access_token == token) return u;
    return nullptr;
}

// The user the request's credentials name; nullptr with `why` set when none is valid.
std::shared_ptr<const store::User> credential_user(const http::HttpRequest& req, const AppContext& ctx,
                                                   std::string& why) {
    if (auto u = session_user(req, ctx)) return u;
    std::string token = trim(req.header("authorization"));
    if (starts_with(to_lower(token), "bearer ")) token = trim(token.substr(7));
    if (token.empty()) {
        why = "无权进行此操作，未登录且未提供 access token";
        return nullptr;
    }
    auto u = by_access_token(ctx.cache, token);
    if (!u) why = "无权进行此操作，access token 无效";
    return u;
}

}  // namespace

std::shared_ptr<const store::User> credential_owner(const http::HttpRequest& req, const AppContext& ctx) {
    std::string why;
    return credential_user(req, ctx, why);
}

std::shared_ptr<const store::User> session_user(const http::HttpRequest& req, const AppContext& ctx) {
    auto cookie = req.cookies.find(auth::kSessionCookie);
    if (cookie == req.cookies.end()) return nullptr;
    int64_t now = std::time(nullptr);
    auto s = auth::decode_session(cookie->second, ctx.config.session_secret, now);
    if (!s || !store::session_alive(ctx.db, s->id, s->user_id, now)) return nullptr;
    return ctx.cache.users.get(s->user_id);
}

std::shared_ptr<const store::User> authenticate(const http::HttpRequest& req, const http::Responder& res,
                                                const AppContext& ctx, int min_role) {
    std::string why;
    auto user = credential_user(req, ctx, why);
    if (!user) {
        reply_error(res, why, 401);
        return nullptr;
    }
    std::string header = std::string(req.header("new-api-user"));
    if (header.empty()) {
        reply_error(res, "无权进行此操作，未提供 New-Api-User", 401);
        return nullptr;
    }
    int64_t id = 0;
    auto [p, ec] = std::from_chars(header.data(), header.data() + header.size(), id);
    if (ec != std::errc() || p != header.data() + header.size()) {
        reply_error(res, "无权进行此操作，New-Api-User 格式错误", 401);
        return nullptr;
    }
    if (id != user->id) {
        reply_error(res, "无权进行此操作，New-Api-User 与登录用户不匹配", 401);
        return nullptr;
    }
    if (user->status != 1) {
        reply_error(res, "用户已被封禁", 403);
        return nullptr;
    }
    if (user->role < min_role) {
        reply_error(res, "无权进行此操作，权限不足", 403);
        return nullptr;
    }
    return user;
}

std::string session_id_of(const http::HttpRequest& req, const AppContext& ctx) {
    auto cookie = req.cookies.find(auth::kSessionCookie);
    if (cookie == req.cookies.end()) return "";
    auto s = auth::decode_session(cookie->second, ctx.config.session_secret, std::time(nullptr));
    return s ? s->id : "";
}

http::Handler with_user(AppContext& ctx, int min_role, UserHandler fn) {
    return [&ctx, min_role, fn](http::HttpRequest& req, const http::Responder& res) {
        if (auto me = authenticate(req, res, ctx, min_role)) fn(ctx, *me, req, res);
    };
}

}  // namespace gw::api
