#include "api_client.hpp"

#include <stdexcept>

namespace gw::testing {

ApiResult ApiClient::call(const std::string& method, const std::string& path, const nlohmann::json& body,
                          bool authenticated) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (authenticated && !token_.empty()) {
        headers.push_back({"Authorization", token_});
        headers.push_back({"New-Api-User", std::to_string(user_id_)});
    }
    HttpResult r = server_.request(method, path, body.is_null() ? "" : body.dump(), headers);
    ApiResult out;
    out.status = r.status;
    out.headers = r.headers;
    out.body = nlohmann::json::parse(r.body, nullptr, false);
    if (out.body.is_discarded()) out.body = nlohmann::json::object();
    return out;
}

void ApiClient::setup_root(const std::string& username, const std::string& password) {
    call("POST", "/api/setup", {{"username", username}, {"password", password}, {"confirmPassword", password}}, false);
    login(username, password);
}

void ApiClient::login(const std::string& username, const std::string& password) {
    token_.clear();
    ApiResult r = call("POST", "/api/user/login", {{"username", username}, {"password", password}}, false);
    if (!r.ok()) throw std::runtime_error("login failed: " + r.body.dump());
    user_id_ = r.data()["id"].get<int64_t>();
    std::string cookie = r.headers["set-cookie"];
    session_cookie = cookie.substr(0, cookie.find(';'));
    HttpResult t = server_.request("GET", "/api/user/token", "",
                                   {{"Cookie", session_cookie}, {"New-Api-User", std::to_string(user_id_)}});
    auto j = nlohmann::json::parse(t.body);
    if (!j.value("success", false)) throw std::runtime_error("access token failed: " + t.body);
    token_ = j["data"].get<std::string>();
}

void ApiClient::register_and_login(const std::string& username, const std::string& password) {
    ApiResult r = call("POST", "/api/user/register", {{"username", username}, {"password", password}}, false);
    if (!r.ok()) throw std::runtime_error("register failed: " + r.body.dump());
    login(username, password);
}

}  // namespace gw::testing
