// Online top-up (New API's routes): /api/user/topup/info, /api/user/amount and /api/user/pay
// (EPay), /api/user/topup/self, the admin's /api/user/topup and /api/user/topup/complete, and
// every webhook path a loaded payment plugin declares, forwarded untouched to its verify_notify.
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::payment {
class PaymentGateway;
}

namespace gw::api {

void register_topup_api(http::Router& router, AppContext& ctx, payment::PaymentGateway& gateway);

}  // namespace gw::api
