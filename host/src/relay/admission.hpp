// Admission of a relay request into billing, from memory: the model must have a price (unless
// self-use mode), the user and the token must have balance, and New API's pre-consume amount is
// held in the ledger until the request settles.
#pragma once

#include "relay/body.hpp"
#include "relay/key_auth.hpp"
#include "relay/settle.hpp"

#include <optional>

namespace gw::relay {

struct RelayServices;

struct Admission {
    BillingPlan plan;
    int64_t prompt_estimate = -1;  // -1: not counted (the hold did not need it)
};

std::variant<Admission, RelayError> admit(RelayServices& s, const KeyAuth& a, const RelayBody& b, gw_api_kind api);

}  // namespace gw::relay
