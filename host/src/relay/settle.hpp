// What a finished relay request reports for billing and logs: usage (as the upstream gave it, or
// estimated), how the stream ended, and timings. Billing implements SettleHook.
#pragma once

#include "billing/price_book.hpp"

#include <gw/abi/provider.h>

#include <cstdint>
#include <string>
#include <vector>

namespace gw::relay {

enum class EndReason { normal, client_gone, timeout, upstream_error, rejected };
const char* end_reason_name(EndReason r);

// The price fixed when the request was admitted, and what was held for it.
struct BillingPlan {
    billing::ModelPrice price;
    double group_ratio = 1;
    int64_t held = 0;
    bool held_shared = false;  // also held on the nodes' shared counters
    int64_t quota_per_unit = 500000;
    double call_ratio = 1;  // images: n × size × quality, applied to a per-call price

    billing::ModelPrice charged_price() const {
        billing::ModelPrice p = price;
        if (p.per_call) p.price *= call_ratio;
        return p;
    }
};

struct RelayRecord {
    std::string request_id, ip;
    int64_t user_id = 0, token_id = 0;
    std::string username, token_name, group, token_key, path;
    BillingPlan plan;
    int64_t channel_id = 0;
    int channel_type = 0;
    std::string origin_model, upstream_model;
    gw_api_kind api = GW_API_CHAT;
    bool stream = false;
    gw_usage usage{};
    bool usage_estimated = false;
    int64_t prompt_estimate = 0;
    EndReason end = EndReason::normal;
    int status = 0;          // what the client was answered
    bool delivered = false;  // some of the answer reached the client: the request is billed
    std::string error;
    std::vector<int64_t> attempted_channels;
    int64_t started_ms = 0, first_byte_ms = 0, finished_ms = 0;  // unix milliseconds
};

class SettleHook {
public:
    virtual ~SettleHook() = default;
    // Called once per relay request, before the client's answer completes: must not block (no
    // network or database I/O; the ledger journals the charge with one write).
    virtual void settle(const RelayRecord& record) = 0;
};

}  // namespace gw::relay
