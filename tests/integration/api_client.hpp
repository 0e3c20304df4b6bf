// Drives the management API like an operator's script: setup, login, then calls with the
// user's access token and New-Api-User header.
#pragma once

#include "server_process.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace gw::testing {

struct ApiResult {
    int status = 0;
    nlohmann::json body;
    std::map<std::string, std::string> headers;
    bool ok() const { return status == 200 && body.value("success", false); }
    const nlohmann::json& data() const { return body["data"]; }
    std::string message() const { return body.value("message", ""); }
};

class ApiClient {
public:
    explicit ApiClient(ServerProcess& server) : server_(server) {}

    ApiResult call(const std::string& method, const std::string& path, const nlohmann::json& body = nullptr,
                   bool authenticated = true);
    // POST /api/setup (root/password) unless done, then log in and fetch an access token.
    void setup_root(const std::string& username = "root", const std::string& password = "rootpass123");
    // Logs in as username and switches this client to that user's access token.
    void login(const std::string& username, const std::string& password);
    // Registers a common user and logs in as them.
    void register_and_login(const std::string& username, const std::string& password);

    int64_t user_id() const { return user_id_; }
    const std::string& access_token() const { return token_; }
    std::string session_cookie;  // from the last login

private:
    ServerProcess& server_;
    int64_t user_id_ = 0;
    std::string token_;
};

}  // namespace gw::testing
