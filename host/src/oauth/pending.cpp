#include "oauth/pending.hpp"

#include "auth/random.hpp"
#include "common/base64.hpp"
#include "common/digest.hpp"
#include "common/strings.hpp"

#include <nlohmann/json.hpp>

namespace gw::oauth {
namespace {

// RFC 7636 S256: base64url(SHA-256(verifier)) without padding.
std::string challenge_of(const std::string& verifier) {
    return base64_encode(sha256(verifier), true);
}

}  // namespace

Pending begin(const std::string& aff) {
    Pending p;
    p.state = auth::random_alnum(12);
    p.aff = aff;
    return p;
}

void prepare_for(Pending& pending, const Provider& p, const std::string& redirect_uri) {
    pending.provider = p.slug;
    pending.redirect_uri = redirect_uri;
    if (p.pkce) pending.verifier = auth::random_alnum(64);
    if (p.nonce) pending.nonce = auth::random_alnum(24);
}

std::string authorize_url(const Provider& p, const Pending& pending) {
    std::string url = p.authorize_url + (p.authorize_url.find('?') == std::string::npos ? "?" : "&");
    url += "response_type=code&client_id=" + percent_encode(p.client_id) +
           "&redirect_uri=" + percent_encode(pending.redirect_uri) + "&scope=" + percent_encode(p.scope) +
           "&state=" + percent_encode(pending.state);
    if (!pending.verifier.empty())
        url += "&code_challenge=" + challenge_of(pending.verifier) + "&code_challenge_method=S256";
    if (!pending.nonce.empty()) url += "&nonce=" + percent_encode(pending.nonce);
    return url;
}

std::string encode_pending(const Pending& pending) {
    return nlohmann::json{{"s", pending.state},        {"p", pending.provider}, {"a", pending.aff},
                          {"r", pending.redirect_uri}, {"v", pending.verifier}, {"n", pending.nonce}}
        .dump();
}

std::optional<Pending> decode_pending(const std::string& text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    try {
        return Pending{j.at("s"), j.at("p"), j.at("a"), j.at("r"), j.at("v"), j.at("n")};
    } catch (...) {
        return std::nullopt;
    }
}

}  // namespace gw::oauth
