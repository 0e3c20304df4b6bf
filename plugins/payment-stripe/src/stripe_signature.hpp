// Stripe's webhook signature: the Stripe-Signature header "t=<unix>,v1=<hex>[,v1=<hex>...]", each
// v1 an HMAC-SHA256 of "<t>.<raw body>" with the endpoint's signing secret, accepted within a
// tolerance window around now.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace stripe {

enum class Verdict { ok, malformed, mismatch, too_old };

// `now` and `tolerance` in seconds; the HMAC comes from the host.
Verdict verify_signature(std::string_view header, std::string_view body, std::string_view secret, int64_t now,
                         int64_t tolerance = 300);

// application/x-www-form-urlencoded, as Stripe's API takes it.
std::string form_encode(std::string_view text);

}  // namespace stripe
