// GET /api/cluster (admin): this node's name and role, its background jobs, the database it
// uses and the state of the shared Redis (reachable, failures, requests admitted on local
// counters during an outage, invalidations received from other nodes).
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::api {

void register_cluster_api(http::Router& router, AppContext& ctx);

}  // namespace gw::api
