// Stripe top-up (New API's routes): /api/user/stripe/amount previews the charge, and
// /api/user/stripe/pay opens a Checkout Session through the payment plugin and answers its link.
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::payment {
class PaymentGateway;
}

namespace gw::api {

void register_stripe_topup(http::Router& router, AppContext& ctx, payment::PaymentGateway& gateway);

// Whether `url` is http(s) on one of `domains` (comma separated) or a subdomain of one.
bool trusted_redirect(const std::string& url, const std::string& domains);

}  // namespace gw::api
