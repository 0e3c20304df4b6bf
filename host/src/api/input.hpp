// Reading request input: the JSON body with typed, bounded fields, and pagination. Bad input
// throws http::ClientError, which the server answers as {"success":false,"message":...}.
#pragma once

#include "http/request.hpp"
#include "store/query.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace gw::api {

class Input {
public:
    // The body as a JSON object; an empty body is an empty object.
    explicit Input(const http::HttpRequest& req);
    // A JSON object nested in another body (e.g. {"mode": ..., "channel": {...}}).
    explicit Input(nlohmann::json body) : body_(std::move(body)) {}

    bool has(const char* key) const { return body_.contains(key) && !body_[key].is_null(); }
    std::optional<std::string> str(const char* key, size_t max_len = 4096) const;
    // An integer within int64; anything else (2^63, 1e30, 1.5) is refused by name.
    std::optional<int64_t> integer(const char* key) const;
    // An integer within ±kMaxQuota (billing/checked.hpp), for every amount of quota.
    std::optional<int64_t> quota(const char* key) const;
    std::optional<double> number(const char* key) const;
    std::optional<bool> boolean(const char* key) const;
    // A string, or an array of strings joined with commas (New API accepts both for lists).
    std::optional<std::string> list(const char* key, size_t max_len = 65536) const;
    std::vector<int64_t> ids(const char* key) const;
    std::string required(const char* key, size_t max_len = 4096) const;
    const nlohmann::json& json() const { return body_; }

private:
    nlohmann::json body_;
};

// ?p= (1-based) and ?page_size= (or ?size=), New API's defaults and bounds.
store::Page page_of(const http::HttpRequest& req);
// A numeric path parameter (":id"); throws ClientError when it is not a positive integer.
int64_t id_param(const http::HttpRequest& req, const std::string& name = "id");
// A query parameter as an integer, or fallback when absent or malformed.
int64_t query_int(const http::HttpRequest& req, const char* name, int64_t fallback);
std::string query_str(const http::HttpRequest& req, const char* name);

nlohmann::json page_json(const nlohmann::json& items, int64_t total, const store::Page& page);

}  // namespace gw::api
