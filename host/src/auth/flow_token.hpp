// Short-lived signed tokens that carry one step of a sign-in to the next (password accepted,
// second factor pending; an OAuth or passkey ceremony begun): bound to a purpose, a user and an
// expiry, readable by any node sharing the session secret.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace gw::auth {

struct Flow {
    std::string purpose;
    int64_t user_id = 0;
    int64_t expires = 0;  // unix seconds
    std::string data;     // what the step needs next (a challenge, a state)
};

std::string issue_flow(const Flow& flow, const std::string& secret);
// The flow, or nullopt when forged, expired or issued for another purpose.
std::optional<Flow> read_flow(const std::string& token, const std::string& purpose, const std::string& secret,
                              int64_t now);

}  // namespace gw::auth
