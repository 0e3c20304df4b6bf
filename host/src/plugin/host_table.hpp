// The gw_host table handed to every plugin: logging, clocks, metrics, a TTL cache, crypto.
#pragma once

#include <gw/abi/host.h>

#include <cstdint>
#include <functional>
#include <string>

namespace gw::plugin {

// The process-wide table; valid for the life of the process.
const gw_host* host_table();

// Current value of a metric defined by a plugin (0 when unknown), for tests and /metrics.
int64_t metric_value(const std::string& name);
// Every metric plugins defined: its name, whether it is a counter (else a gauge), its value.
void for_each_metric(const std::function<void(const std::string&, bool counter, int64_t)>& fn);

}  // namespace gw::plugin
