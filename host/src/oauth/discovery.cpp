#include "oauth/discovery.hpp"

#include "oauth/exchange.hpp"
#include "upstream/collect.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <mutex>

namespace gw::oauth {
namespace {

struct Cached {
    nlohmann::json doc;
    std::chrono::steady_clock::time_point at;
};

std::mutex g_mutex;
std::map<std::string, Cached> g_docs;

}  // namespace

nlohmann::json discovery_document(upstream::HttpClient& http, const std::string& url) {
    {
        std::lock_guard lock(g_mutex);
        auto it = g_docs.find(url);
        if (it != g_docs.end() && std::chrono::steady_clock::now() - it->second.at < std::chrono::hours(1))
            return it->second.doc;
    }
    upstream::Request req;
    req.method = "GET";
    req.url = url;
    req.headers = {{"Accept", "application/json"}};
    req.total_timeout_ms = 10000;
    auto answer = upstream::collect(http, std::move(req), 1 << 20);
    auto doc = nlohmann::json::parse(answer.body, nullptr, false);
    if (!answer.ok() || answer.status != 200 || !doc.is_object()) throw OAuthError("OIDC 发现文档读取失败: " + url);
    std::lock_guard lock(g_mutex);
    g_docs[url] = {doc, std::chrono::steady_clock::now()};
    return doc;
}

namespace {

void fill(std::string& field, const nlohmann::json& doc, const char* key) {
    if (field.empty() && doc.contains(key) && doc[key].is_string()) field = doc[key].get<std::string>();
}

}  // namespace

void discover(upstream::HttpClient& http, Provider& p) {
    if (p.discovery_url.empty()) return;
    auto doc = discovery_document(http, p.discovery_url);
    fill(p.authorize_url, doc, "authorization_endpoint");
    fill(p.token_url, doc, "token_endpoint");
    fill(p.userinfo_url, doc, "userinfo_endpoint");
    for (const auto& m : doc.value("code_challenge_methods_supported", nlohmann::json::array()))
        if (m == "S256") p.pkce = true;
}

}  // namespace gw::oauth
