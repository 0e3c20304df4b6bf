#include "api/turnstile.hpp"

#include "api/reply.hpp"
#include "app/option_defaults.hpp"
#include "common/strings.hpp"
#include "upstream/collect.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>

namespace gw::api {
namespace {

std::string verify_endpoint() {
    const char* v = std::getenv("TURNSTILE_VERIFY_ENDPOINT");
    return v && *v ? v : "https://challenges.cloudflare.com/turnstile/v0/siteverify";
}

// "" when the token is good, else the message to answer with.
std::string check(AppContext& ctx, upstream::HttpClient& http, const http::HttpRequest& req) {
    std::string token = req.query_param("turnstile").value_or("");
    if (token.empty()) return "Turnstile token 为空";
    upstream::Request verify;
    verify.url = verify_endpoint();
    verify.total_timeout_ms = 10000;
    verify.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    verify.body = std::make_shared<const std::string>(
        "secret=" + percent_encode(Options(ctx.cache).str("TurnstileSecretKey")) +
        "&response=" + percent_encode(token) + "&remoteip=" + percent_encode(req.remote_ip));
    auto answer = upstream::collect(http, std::move(verify), 1 << 16);
    auto body = nlohmann::json::parse(answer.body, nullptr, false);
    if (!answer.ok() || !body.is_object()) return "Turnstile 校验失败，请刷新重试！";
    return body.value("success", false) == true ? "" : "Turnstile 校验失败，请刷新重试！";
}

}  // namespace

void require_turnstile(http::Router& router, AppContext& ctx, upstream::HttpClient& http) {
    auto wrap = [&ctx, &http](http::Handler inner) -> http::Handler {
        return [&ctx, &http, inner](http::HttpRequest& req, const http::Responder& res) {
            if (Options(ctx.cache).flag("TurnstileCheckEnabled"))
                if (auto why = check(ctx, http, req); !why.empty()) return reply_error(res, why);
            inner(req, res);
        };
    };
    for (const char* path : {"/api/user/register", "/api/user/login", "/api/user/checkin"})
        router.decorate("POST", path, wrap);
    for (const char* path : {"/api/verification", "/api/reset_password"}) router.decorate("GET", path, wrap);
}

}  // namespace gw::api
