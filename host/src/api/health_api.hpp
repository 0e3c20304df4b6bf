// Probes for orchestrators: GET /healthz answers 200 while the process serves at all (on the
// reactor, so a saturated worker pool does not make it look dead); GET /readyz answers 200 when
// the database answers and provider plugins are loaded, else 503 naming what is not ready. While
// the server drains every request, these included, gets 503.
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::api {

void register_health_api(http::Router& router, AppContext& ctx);

}  // namespace gw::api
