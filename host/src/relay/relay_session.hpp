// One relay request from channel choice to settlement: builds the upstream request through the
// channel's provider plugin, sends it with the event-driven client, and writes the answer back
// as it arrives (non-stream: once; stream: event by event, with [DONE] or an error event).
#pragma once

#include "http/request.hpp"
#include "http/responder.hpp"
#include "relay/body.hpp"
#include "relay/key_auth.hpp"
#include "relay/settle.hpp"

#include <memory>

namespace gw {
struct Config;
class ThreadPool;
class BatchWorker;
namespace store {
class Cache;
}
namespace upstream {
class HttpClient;
}
namespace billing {
class Ledger;
}
}  // namespace gw

namespace gw::relay {

class ProviderPool;
class Tokenizer;
class ChannelHealth;
class RateLimits;
class ResponsesPolicy;

struct RelayServices {
    const Config& config;
    ThreadPool& workers;      // for intake work too heavy for a reactor thread
    BatchWorker& settlement;  // usage estimates and settlement, batched off the hot path
    store::Cache& cache;
    ProviderPool& providers;
    upstream::HttpClient& http;
    const Tokenizer* tokenizer;  // may be null: no local estimates
    SettleHook& settle;
    billing::Ledger& ledger;
    ChannelHealth& health;
    RateLimits& limits;
    ResponsesPolicy& responses_policy;
};

struct RelayInput {
    http::HttpRequest request;
    http::Responder responder;
    KeyAuth auth;
    RelayBody body;
    gw_api_kind api = GW_API_CHAT;
    BillingPlan plan;              // from admission; its hold is released when the request settles
    int64_t prompt_estimate = -1;  // counted at admission, if it was
};

// Starts the request; it completes asynchronously on the upstream client's threads.
void start_relay(RelayServices& services, RelayInput input);

}  // namespace gw::relay
