// Entities as New API's JSON. Secrets (passwords, access tokens, channel keys) never appear;
// token keys appear masked unless asked for explicitly.
#pragma once

#include "store/entities.hpp"

#include <nlohmann/json.hpp>

#include <vector>

namespace gw::api {

nlohmann::json user_json(const store::User& u);
nlohmann::json token_json(const store::Token& t, bool reveal_key = false);
nlohmann::json channel_json(const store::Channel& c);
nlohmann::json log_json(const store::Log& l);
nlohmann::json redemption_json(const store::Redemption& r);
nlohmann::json quota_data_json(const store::QuotaData& q);
std::string mask_key(const std::string& key);

// A JSON array of rows rendered with to_json.
template <class T, class Fn>
nlohmann::json rows_json(const std::vector<T>& rows, Fn to_json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : rows) out.push_back(to_json(r));
    return out;
}

}  // namespace gw::api
