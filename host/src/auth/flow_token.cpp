#include "auth/flow_token.hpp"

#include "auth/signed_token.hpp"

#include <nlohmann/json.hpp>

namespace gw::auth {

std::string issue_flow(const Flow& flow, const std::string& secret) {
    nlohmann::json j = {{"p", flow.purpose}, {"u", flow.user_id}, {"e", flow.expires}, {"d", flow.data}};
    return seal(j.dump(), secret);
}

std::optional<Flow> read_flow(const std::string& token, const std::string& purpose, const std::string& secret,
                              int64_t now) {
    auto payload = unseal(token, secret);
    if (!payload) return std::nullopt;
    try {
        auto j = nlohmann::json::parse(*payload);
        Flow f{j.at("p").get<std::string>(), j.at("u").get<int64_t>(), j.at("e").get<int64_t>(),
               j.at("d").get<std::string>()};
        if (f.purpose != purpose || f.expires < now) return std::nullopt;
        return f;
    } catch (...) {
        return std::nullopt;
    }
}

}  // namespace gw::auth
