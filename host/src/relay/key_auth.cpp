#include "relay/key_auth.hpp"

#include "common/ip.hpp"
#include "common/strings.hpp"

#include <charconv>

namespace gw::relay {
namespace {

RelayError fail(int status, std::string message, std::string code = "") {
    return RelayError{status, std::move(message), "new_api_error", std::move(code)};
}

bool key_in_query_allowed(const std::string& path) {
    return path == "/v1/models" || starts_with(path, "/v1beta/models") || starts_with(path, "/v1beta/openai/models") ||
           starts_with(path, "/v1/models/");
}

}  // namespace

std::string request_key(const http::HttpRequest& req) {
    std::string key = trim(req.header("authorization"));
    if (starts_with(req.path, "/v1/messages") || starts_with(req.path, "/v1/models"))
        if (auto x = req.header("x-api-key"); !x.empty()) key = "Bearer " + std::string(x);
    if (key_in_query_allowed(req.path)) {
        if (auto q = req.query_param("key"); q && !q->empty()) key = "Bearer " + *q;
        if (auto g = req.header("x-goog-api-key"); !g.empty()) key = "Bearer " + std::string(g);
    }
    if (starts_with(to_lower(key), "bearer ")) key = trim(key.substr(7));
    if (key.empty() || key == "midjourney-proxy") key = trim(req.header("mj-api-secret"));
    if (starts_with(key, "sk-")) key = key.substr(3);
    return key;
}

std::variant<KeyAuth, RelayError> authenticate_key(const http::HttpRequest& req, const store::Cache& cache,
                                                   int64_t now) {
    std::string full = request_key(req);
    if (full.empty()) return fail(401, "未提供令牌", "");
    std::string key = full.substr(0, full.find('-'));
    KeyAuth auth;
    auth.token = cache.tokens.get(key);
    if (!auth.token) return fail(401, "无效的令牌", "");
    const store::Token& t = *auth.token;
    if (t.status == 3 || (t.expired_time != -1 && t.expired_time < now)) return fail(401, "该令牌已过期");
    if (t.status == 4 || (!t.unlimited_quota && t.remain_quota <= 0)) return fail(401, "该令牌额度已用尽");
    if (t.status != 1) return fail(401, "该令牌状态不可用");
    auto ips = split_ip_list(t.allow_ips);
    if (!ips.empty() && !ip_allowed(req.remote_ip, ips))
        return fail(403, "您的 IP 不在令牌允许访问的列表中", "access_denied");
    auth.user = cache.users.get(t.user_id);
    if (!auth.user) return fail(401, "无效的令牌");
    if (auth.user->status != 1) return fail(403, "用户已被封禁");
    auth.group = t.group.empty() ? auth.user->group : t.group;
    if (size_t dash = full.find('-'); dash != std::string::npos) {
        if (auth.user->role < 10) return fail(403, "普通用户不支持指定渠道");
        std::string id = full.substr(dash + 1);
        int64_t channel = 0;
        auto [p, ec] = std::from_chars(id.data(), id.data() + id.size(), channel);
        if (ec != std::errc() || p != id.data() + id.size() || channel <= 0) return fail(400, "无效的渠道 Id");
        auth.pinned_channel = channel;
    }
    return auth;
}

bool token_allows_model(const store::Token& t, const std::string& model) {
    if (!t.model_limits_enabled) return true;
    for (const auto& m : split_trimmed(t.model_limits, ','))
        if (m == model) return true;
    return false;
}

}  // namespace gw::relay
