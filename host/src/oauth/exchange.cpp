#include "oauth/exchange.hpp"

#include "common/base64.hpp"
#include "common/strings.hpp"
#include "oauth/access_policy.hpp"
#include "oauth/id_token.hpp"
#include "upstream/collect.hpp"

#include <nlohmann/json.hpp>

namespace gw::oauth {
namespace {

using nlohmann::json;

constexpr size_t kMaxAnswer = 1 << 20;

std::string basic_credentials(const Provider& p) {
    return "Basic " + base64_encode(p.client_id + ":" + p.client_secret);
}

std::string form(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string out;
    for (const auto& [k, v] : fields)
        if (!v.empty()) out += (out.empty() ? "" : "&") + percent_encode(k) + "=" + percent_encode(v);
    return out;
}

upstream::Request token_request(const Provider& p, const Attempt& a) {
    upstream::Request req;
    req.url = p.token_url;
    req.total_timeout_ms = 20000;
    req.headers = {{"Accept", "application/json"}};
    std::string redirect = p.send_redirect_uri ? a.redirect_uri : "";
    if (p.auth == ClientAuth::json_body) {
        json body = {{"client_id", p.client_id}, {"client_secret", p.client_secret}, {"code", a.code}};
        if (!redirect.empty()) body["redirect_uri"] = redirect;
        if (!a.code_verifier.empty()) body["code_verifier"] = a.code_verifier;
        req.headers.emplace_back("Content-Type", "application/json");
        req.body = std::make_shared<const std::string>(body.dump());
        return req;
    }
    std::vector<std::pair<std::string, std::string>> fields = {{"grant_type", "authorization_code"},
                                                               {"code", a.code},
                                                               {"redirect_uri", redirect},
                                                               {"code_verifier", a.code_verifier}};
    if (p.auth == ClientAuth::basic) {
        req.headers.emplace_back("Authorization", basic_credentials(p));
    } else {
        fields.insert(fields.begin(), {{"client_id", p.client_id}, {"client_secret", p.client_secret}});
    }
    req.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    req.body = std::make_shared<const std::string>(form(fields));
    return req;
}

json call(upstream::HttpClient& http, upstream::Request req, const Provider& p, const char* step) {
    auto answer = upstream::collect(http, std::move(req), kMaxAnswer);
    if (!answer.ok()) throw OAuthError("无法连接至 " + p.name + " 服务器，请稍后重试");
    auto body = json::parse(answer.body, nullptr, false);
    if (body.is_discarded() && answer.status == 200 && answer.body.find('=') != std::string::npos) {
        body = json::object();  // some token endpoints answer a form (access_token=...&scope=...)
        for (const auto& pair : split_trimmed(answer.body, '&')) {
            size_t eq = pair.find('=');
            if (eq != std::string::npos) body[percent_decode(pair.substr(0, eq))] = percent_decode(pair.substr(eq + 1));
        }
    }
    if (!body.is_object()) throw OAuthError(p.name + " " + step + "失败: HTTP " + std::to_string(answer.status));
    if (body.contains("error")) {
        std::string why = body.value(
            "error_description", body["error"].is_string() ? body["error"].get<std::string>() : std::string("error"));
        throw OAuthError(p.name + " " + step + "失败: " + why);
    }
    if (answer.status != 200) throw OAuthError(p.name + " " + step + "失败: HTTP " + std::to_string(answer.status));
    return body;
}

std::string text(const json& j, const char* key) {
    if (!j.contains(key)) return "";
    const auto& v = j[key];
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
    return "";
}

Identity custom_identity(const Provider& p, const json& u) {
    if (auto why = access_denial(p.access_policy, u, p.name, p.denied_message); !why.empty()) throw OAuthError(why);
    return {text_at(u, p.id_field), text_at(u, p.username_field), text_at(u, p.display_name_field),
            text_at(u, p.email_field), ""};
}

Identity identity_of(const Provider& p, const json& u) {
    Identity id;
    if (p.custom_id) {
        id = custom_identity(p, u);
    } else if (p.slug == "github") {
        id = {text(u, "id"), text(u, "login"), text(u, "name"), text(u, "email"), text(u, "login")};
        if (id.id == "0" || id.username.empty()) id.id.clear();
    } else if (p.slug == "discord") {
        id = {text(u, "id"), text(u, "username"), text(u, "global_name"), "", ""};
        if (id.username.empty()) id.id.clear();
    } else if (p.slug == "linuxdo") {
        id = {text(u, "id"), text(u, "username"), text(u, "name"), "", ""};
        if (id.id == "0") id.id.clear();
        int level = u.contains("trust_level") && u["trust_level"].is_number_integer() ? u["trust_level"].get<int>() : 0;
        if (!id.id.empty() && level < p.min_trust_level)
            throw OAuthError("Linux DO 信任等级未达到管理员设置的最低信任等级");
    } else {
        id = {text(u, "sub"), text(u, "preferred_username"), text(u, "name"), text(u, "email"), ""};
        if (id.email.empty()) id.id.clear();
    }
    if (id.id.empty()) throw OAuthError(p.name + " 返回的用户信息缺少必要字段");
    return id;
}

}  // namespace

Identity sign_in_with(upstream::HttpClient& http, const Provider& p, const Attempt& attempt, int64_t now) {
    if (attempt.code.empty()) throw OAuthError("无效的授权码");
    json tokens = call(http, token_request(p, attempt), p, "获取令牌");
    std::string access = text(tokens, "access_token");
    if (access.empty()) throw OAuthError(p.name + " 获取令牌失败");
    upstream::Request req;
    req.method = "GET";
    req.url = p.userinfo_url;
    req.total_timeout_ms = 20000;
    req.headers = {{"Authorization", "Bearer " + access}, {"Accept", "application/json"}};
    Identity id = identity_of(p, call(http, std::move(req), p, "获取用户信息"));
    if (!attempt.nonce.empty()) {
        std::string why = check_id_token(text(tokens, "id_token"), p.client_id, attempt.nonce, id.id, now);
        if (!why.empty()) throw OAuthError(p.name + " 登录校验失败: " + why);
    }
    return id;
}

}  // namespace gw::oauth
