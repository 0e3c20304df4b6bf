// A request copied out of Pistache, safe to keep after the reactor callback returns.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace gw::http {

// Thrown by handlers for a bad client request; the server answers {"success":false,"message"}.
class ClientError : public std::runtime_error {
public:
    explicit ClientError(const std::string& message, int status = 200) : std::runtime_error(message), status(status) {}
    int status;
};

struct HttpRequest {
    std::string method;  // "GET", "POST", ...
    std::string path;    // without the query
    std::vector<std::pair<std::string, std::string>> query;
    std::string raw_query;  // as sent, still encoded (signed notifies are verified on it)
    std::vector<std::pair<std::string, std::string>> headers;  // names lowercased
    std::map<std::string, std::string> cookies;
    std::string body;
    std::string remote_ip;
    std::string request_id;
    std::unordered_map<std::string, std::string> params;  // route parameters (":id")

    // Header value by name (any case); empty when absent.
    std::string_view header(std::string_view name) const;
    std::optional<std::string> query_param(std::string_view name) const;
    std::string param(const std::string& name) const;
};

}  // namespace gw::http
