// Authenticates a relay request from memory (no database): the key from Authorization: Bearer,
// x-api-key, x-goog-api-key or ?key= as New API accepts them, the token's status, expiry, quota
// and IP allow-list, the user's status, and admin-only channel pinning (sk-<key>-<channel id>).
#pragma once

#include "http/request.hpp"
#include "relay/openai_error.hpp"
#include "store/cache.hpp"

#include <memory>
#include <optional>
#include <variant>

namespace gw::relay {

struct KeyAuth {
    std::shared_ptr<const store::Token> token;
    std::shared_ptr<const store::User> user;
    std::string group;  // the token's group, else the user's
    std::optional<int64_t> pinned_channel;
};

std::variant<KeyAuth, RelayError> authenticate_key(const http::HttpRequest& req, const store::Cache& cache,
                                                   int64_t now);

// Whether the token's model allow-list (when enabled) names the model.
bool token_allows_model(const store::Token& t, const std::string& model);

// The raw key the request carries (without "Bearer " and "sk-"), empty when none.
std::string request_key(const http::HttpRequest& req);

}  // namespace gw::relay
