// Crediting orders: every webhook path a loaded payment plugin declares (GET and POST, forwarded
// untouched to its verify_notify), and an administrator's manual completion of a pending order.
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::payment {
class PaymentGateway;
}

namespace gw::api {

void register_topup_settlement(http::Router& router, AppContext& ctx, payment::PaymentGateway& gateway);

}  // namespace gw::api
