#include "api/auth.hpp"

#include "api/reply.hpp"
#include "common/strings.hpp"

#include <charconv>

namespace gw::api {
namespace {

std::shared_ptr<const store::User> user_by_access_token(const store::Cache& cache, const std::string& token) {
    if (token.empty()) return nullptr;
    for (const auto& [id, u] : *cache.users.all())
        if (u->access_token && *u->access_token == token) return u;
    return nullptr;
}

}  // namespace

std::shared_ptr<const store::User> authenticate(const http::HttpRequest& req, const http::Responder& res,
                                                const store::Cache& cache, int min_role) {
    std::string token = trim(req.header("authorization"));
    if (starts_with(token, "Bearer ") || starts_with(token, "bearer ")) token = trim(token.substr(7));
    if (token.empty()) {
        reply_error(res, "无权进行此操作，未登录且未提供 access token", 401);
        return nullptr;
    }
    auto user = user_by_access_token(cache, token);
    if (!user) {
        reply_error(res, "无权进行此操作，access token 无效", 401);
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

}  // namespace gw::api
