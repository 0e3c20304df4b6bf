// GET /metrics in Prometheus text format: the instruments (metrics/instruments), then state read
// at scrape time (channels and breakers, ledger backlog, Redis, plugins, the process). On the main
// port it answers an admin or "Bearer <METRICS_TOKEN>"; METRICS_LISTEN adds an unauthenticated
// listener that serves only this.
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

#include <string>

namespace gw::relay {
class ChannelHealth;
}

namespace gw::api {

// Everything a scrape shows.
std::string render_metrics(AppContext& ctx, relay::ChannelHealth& health);

// On the main router, behind authentication.
void register_metrics_api(http::Router& router, AppContext& ctx, relay::ChannelHealth& health);
// On the router of the METRICS_LISTEN listener, open.
void register_open_metrics(http::Router& router, AppContext& ctx, relay::ChannelHealth& health);

}  // namespace gw::api
