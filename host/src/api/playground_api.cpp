#include "api/playground_api.hpp"

#include "api/auth.hpp"
#include "app/option_defaults.hpp"
#include "common/json_bounded.hpp"
#include "relay/relay_api.hpp"

#include <nlohmann/json.hpp>

namespace gw::api {

namespace {

using nlohmann::json;

bool may_use_group(const AppContext& ctx, const store::User& user, const std::string& group) {
    if (group == user.group) return true;
    json usable = parse_json(Options(ctx.cache).str("UserUsableGroups"));
    return usable.is_object() && usable.contains(group);
}

relay::RelayError refused(int status, std::string message) {
    return relay::RelayError{status, std::move(message), "new_api_error", "access_denied"};
}

void playground(AppContext& ctx, relay::RelayServices& services, http::HttpRequest& req, const http::Responder& res) {
    auto user = authenticate(req, res, ctx, kRoleCommon);
    if (!user) return;
    json body = parse_json(req.body);
    if (!body.is_object())
        return relay::send_error(
            res, wire::Dialect::chat,
            {400, "invalid request body: not a JSON object", "invalid_request_error", "bad_request_body"});
    std::string group = user->group;
    if (auto g = body.find("group"); g != body.end() && g->is_string() && !g->get<std::string>().empty()) {
        if (!may_use_group(ctx, *user, *g))
            return relay::send_error(res, wire::Dialect::chat, refused(403, "无权访问该分组"));
        group = *g;
    }
    body.erase("group");  // the playground's own field: not for the upstream
    req.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
    auto token = std::make_shared<store::Token>();
    token->user_id = user->id;
    token->name = "playground-" + group;
    token->group = group;
    token->unlimited_quota = true;
    relay::relay_chat_as(services, relay::KeyAuth{token, user, group, std::nullopt}, req, res);
}

// Before the body is read: only a caller with a well-signed session cookie gets that far.
http::HeadGuard session_guard(AppContext& ctx) {
    return [&ctx](const http::HttpRequest& head) -> std::optional<http::EarlyAnswer> {
        if (!session_id_of(head, ctx).empty()) return std::nullopt;
        bool token = !head.header("authorization").empty();
        auto e = token ? refused(403, "暂不支持使用 access token")
                       : refused(401, "无权进行此操作，未登录且未提供 access token");
        return http::EarlyAnswer{e.status, relay::error_body(wire::Dialect::chat, e, head.request_id)};
    };
}

}  // namespace

void register_playground_api(http::Router& router, AppContext& ctx, relay::RelayServices& services) {
    router.post(
        "/pg/chat/completions",
        [&ctx, &services](http::HttpRequest& req, const http::Responder& res) { playground(ctx, services, req, res); },
        http::Exec::worker, session_guard(ctx));
}

}  // namespace gw::api
