#include "relay/log_settle.hpp"

#include "common/log.hpp"

namespace gw::relay {

void LogSettle::settle(const RelayRecord& r) {
    if (!log::enabled(log::Level::debug)) return;
    log::debug("relay " + r.request_id + " channel #" + std::to_string(r.channel_id) + " " + r.origin_model + " " +
               end_reason_name(r.end) + " status " + std::to_string(r.status) + " tokens " +
               std::to_string(r.usage.prompt_tokens) + "+" + std::to_string(r.usage.completion_tokens) +
               (r.usage_estimated ? " (estimated)" : "") + " in " + std::to_string(r.finished_ms - r.started_ms) +
               " ms");
}

}  // namespace gw::relay
