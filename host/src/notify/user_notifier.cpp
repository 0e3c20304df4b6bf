#include "notify/user_notifier.hpp"

#include "app/option_defaults.hpp"
#include "common/digest.hpp"
#include "common/json_bounded.hpp"
#include "common/strings.hpp"
#include "mail/smtp_mailer.hpp"
#include "upstream/collect.hpp"
#include "upstream/ssrf_guard.hpp"

#include <nlohmann/json.hpp>

#include <ctime>

namespace gw::notify {
namespace {

using nlohmann::json;

std::string filled(const Notice& n) {
    std::string out = n.content;
    for (const auto& v : n.values) {
        size_t at = out.find("{{value}}");
        if (at == std::string::npos) break;
        out.replace(at, 9, v);
    }
    return out;
}

std::string deliver(upstream::HttpClient& http, const Options& options, upstream::Request req) {
    if (options.flag("fetch_setting.enable_ssrf_protection"))
        if (auto why = upstream::ssrf_refusal(req.url, options.flag("fetch_setting.allow_private_ip")); !why.empty())
            return "refused: " + why;
    req.total_timeout_ms = 10000;
    auto answer = upstream::collect(http, std::move(req), 1 << 16);
    if (!answer.ok()) return answer.result.error;
    if (answer.status < 200 || answer.status >= 300) return "HTTP " + std::to_string(answer.status);
    return "";
}

std::string webhook(upstream::HttpClient& http, const Options& o, const json& s, const Notice& n) {
    json values = json::array();
    for (const auto& v : n.values) values.push_back(v);
    std::string body = json{{"type", n.type},
                            {"title", n.title},
                            {"content", filled(n)},
                            {"values", values},
                            {"timestamp", static_cast<int64_t>(std::time(nullptr))}}
                           .dump();
    upstream::Request req;
    req.url = s.value("webhook_url", "");
    req.headers = {{"Content-Type", "application/json"}};
    if (std::string secret = s.value("webhook_secret", ""); !secret.empty())
        req.headers.emplace_back("X-Webhook-Signature", to_hex(hmac_sha256(secret, body)));
    req.body = std::make_shared<const std::string>(body);
    return deliver(http, o, std::move(req));
}

std::string bark(upstream::HttpClient& http, const Options& o, const json& s, const Notice& n) {
    upstream::Request req;
    req.method = "GET";
    req.url = replace_all(replace_all(s.value("bark_url", ""), "{{title}}", percent_encode(n.title)), "{{content}}",
                          percent_encode(filled(n)));
    req.headers = {{"User-Agent", "OneAPI-Bark-Notify/1.0"}};
    return deliver(http, o, std::move(req));
}

std::string gotify(upstream::HttpClient& http, const Options& o, const json& s, const Notice& n) {
    int priority = s.value("gotify_priority", 5);
    if (priority < 0 || priority > 10) priority = 5;
    std::string url = s.value("gotify_url", "");
    if (!url.empty() && url.back() == '/') url.pop_back();
    upstream::Request req;
    req.url = url + "/message?token=" + percent_encode(s.value("gotify_token", ""));
    req.headers = {{"Content-Type", "application/json; charset=utf-8"}};
    req.body = std::make_shared<const std::string>(
        json{{"title", n.title}, {"message", filled(n)}, {"priority", priority}}.dump());
    return deliver(http, o, std::move(req));
}

}  // namespace

std::string notify_user(upstream::HttpClient& http, const Options& options, const store::User& user,
                        const Notice& notice) {
    json s = parse_json(user.setting);
    if (!s.is_object()) s = json::object();
    try {
        std::string type = s.value("notify_type", "email");
        if (type == "webhook") return s.value("webhook_url", "").empty() ? "" : webhook(http, options, s, notice);
        if (type == "bark") return s.value("bark_url", "").empty() ? "" : bark(http, options, s, notice);
        if (type == "gotify") return s.value("gotify_url", "").empty() ? "" : gotify(http, options, s, notice);
        std::string to = s.value("notification_email", "");
        if (to.empty()) to = user.email;
        if (to.empty()) return "";
        mail::send_mail(mail::smtp_settings(options), to, notice.title, filled(notice));
        return "";
    } catch (const std::exception& e) {
        return e.what();
    }
}

}  // namespace gw::notify
