// The gw_host table handed to every plugin: logging, clocks, metrics, a TTL cache, crypto.
#pragma once

#include <gw/abi/host.h>

#include <cstdint>
#include <string>

namespace gw::plugin {

// The process-wide table; valid for the life of the process.
const gw_host* host_table();

// Current value of a metric defined by a plugin (0 when unknown), for tests and /metrics.
int64_t metric_value(const std::string& name);

}  // namespace gw::plugin
