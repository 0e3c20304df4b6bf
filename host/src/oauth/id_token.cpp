#include "oauth/id_token.hpp"

#include "common/base64.hpp"

#include <nlohmann/json.hpp>

namespace gw::oauth {
namespace {

nlohmann::json claims_of(const std::string& jwt) {
    size_t a = jwt.find('.');
    size_t b = a == std::string::npos ? a : jwt.find('.', a + 1);
    if (b == std::string::npos) return nullptr;
    try {
        auto j = nlohmann::json::parse(base64_decode(jwt.substr(a + 1, b - a - 1)), nullptr, false);
        return j.is_object() ? j : nullptr;
    } catch (...) {
        return nullptr;
    }
}

bool audience_has(const nlohmann::json& aud, const std::string& client_id) {
    if (aud.is_string()) return aud == client_id;
    if (!aud.is_array()) return false;
    for (const auto& a : aud)
        if (a.is_string() && a == client_id) return true;
    return false;
}

}  // namespace

std::string check_id_token(const std::string& id_token, const std::string& client_id, const std::string& nonce,
                           const std::string& subject, int64_t now) {
    auto c = claims_of(id_token);
    if (!c.is_object()) return "no readable id_token";
    if (!c.contains("nonce") || !c["nonce"].is_string() || c["nonce"] != nonce) return "id_token nonce mismatch";
    if (!audience_has(c.value("aud", nlohmann::json()), client_id)) return "id_token is for another client";
    if (!c.contains("exp") || !c["exp"].is_number() || c["exp"].get<double>() < static_cast<double>(now))
        return "id_token expired";
    if (c.value("sub", std::string()) != subject) return "id_token names another subject";
    return "";
}

}  // namespace gw::oauth
