#include "api/usage_api.hpp"

#include "api/reply.hpp"
#include "app/option_defaults.hpp"
#include "billing/ledger.hpp"
#include "common/strings.hpp"
#include "store/cache.hpp"

#include <nlohmann/json.hpp>

namespace gw::api {
namespace {

using nlohmann::json;

// The token named by the Authorization header ("Bearer sk-...", with or without prefixes), with
// its current balance. Read-only: expired or exhausted tokens still answer; disabled ones, and
// those of a disabled user, do not.
std::optional<store::Token> token_of(const AppContext& ctx, const http::HttpRequest& req) {
    std::string key = trim(req.header("authorization"));
    if (starts_with(to_lower(key), "bearer ")) key = trim(key.substr(7));
    if (starts_with(key, "sk-")) key = key.substr(3);
    key = key.substr(0, key.find('-'));
    if (key.empty()) return std::nullopt;
    auto t = ctx.cache.tokens.get(key);
    if (!t || t->status == 2) return std::nullopt;
    if (auto owner = ctx.cache.users.get(t->user_id); !owner || owner->status != 1) return std::nullopt;
    return ctx.ledger ? ctx.ledger->current_row(*t) : *t;
}

void openai_error(const http::Responder& res, int status, const std::string& message) {
    json body = {{"error", {{"message", message}, {"type", "new_api_error"}, {"param", ""}, {"code", nullptr}}}};
    res.send(status, body.dump());
}

void token_usage(AppContext& ctx, const http::HttpRequest& req, const http::Responder& res) {
    if (trim(req.header("authorization")).empty()) return reply_error(res, "No Authorization header", 401);
    auto t = token_of(ctx, req);
    if (!t) return reply_error(res, "token not found", 401);
    json limits = json::object();
    for (const auto& m : split_trimmed(t->model_limits, ',')) limits[m] = true;
    json data = {{"object", "token_usage"},
                 {"name", t->name},
                 {"total_granted", t->remain_quota + t->used_quota},
                 {"total_used", t->used_quota},
                 {"total_available", t->remain_quota},
                 {"unlimited_quota", t->unlimited_quota},
                 {"model_limits", limits},
                 {"model_limits_enabled", t->model_limits_enabled},
                 {"expires_at", t->expired_time == -1 ? 0 : t->expired_time}};
    res.send(200, json{{"code", true}, {"message", "ok"}, {"data", data}}.dump());
}

double per_unit(const AppContext& ctx) {
    double v = Options(ctx.cache).number("QuotaPerUnit");
    return v > 0 ? v : 500000;
}

void subscription(AppContext& ctx, const http::HttpRequest& req, const http::Responder& res) {
    auto t = token_of(ctx, req);
    if (!t) return openai_error(res, 401, "无效的令牌");
    double usd =
        t->unlimited_quota ? 100000000.0 : static_cast<double>(t->remain_quota + t->used_quota) / per_unit(ctx);
    json body = {{"object", "billing_subscription"},
                 {"has_payment_method", true},
                 {"soft_limit_usd", usd},
                 {"hard_limit_usd", usd},
                 {"system_hard_limit_usd", usd},
                 {"access_until", t->expired_time == -1 ? 0 : t->expired_time}};
    res.send(200, body.dump());
}

void usage(AppContext& ctx, const http::HttpRequest& req, const http::Responder& res) {
    auto t = token_of(ctx, req);
    if (!t) return openai_error(res, 401, "无效的令牌");
    double cents = static_cast<double>(t->used_quota) / per_unit(ctx) * 100;
    res.send(200, json{{"object", "list"}, {"total_usage", cents}}.dump());
}

}  // namespace

void register_usage_api(http::Router& router, AppContext& ctx) {
    auto bind = [&ctx](void (*fn)(AppContext&, const http::HttpRequest&, const http::Responder&)) {
        return [&ctx, fn](http::HttpRequest& req, const http::Responder& res) { fn(ctx, req, res); };
    };
    router.get("/api/usage/token", bind(&token_usage), http::Exec::inline_);
    router.get("/api/usage/token/", bind(&token_usage), http::Exec::inline_);
    for (const char* prefix : {"/v1", ""}) {
        router.get(std::string(prefix) + "/dashboard/billing/subscription", bind(&subscription), http::Exec::inline_);
        router.get(std::string(prefix) + "/dashboard/billing/usage", bind(&usage), http::Exec::inline_);
    }
}

}  // namespace gw::api
