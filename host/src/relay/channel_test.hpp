// GET /api/channel/test/:id: a minimal real request through the channel's provider plugin and
// the upstream client; stores response_time and test_time on the channel.
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"
#include "relay/relay_session.hpp"

namespace gw::relay {

struct ChannelTestResult {
    bool ok = false;
    std::string message;
    int64_t millis = 0;
    int status = 0;      // the upstream's HTTP status, 0 when none
    unsigned flags = 0;  // the plugin's GW_ERRF_* verdict on a failure
};

// Blocks until the upstream answers (run it on a worker thread, never on a reactor).
ChannelTestResult test_channel(RelayServices& s, const store::Channel& channel, const std::string& model);

// One round over every channel, New API's way: a channel that fails its test is disabled under the
// automatic-disable rules; an automatically disabled channel (status 3) or key that passes is
// enabled again when AutomaticEnableChannelEnabled is on; manually disabled channels (status 2)
// are left alone. Blocking (upstream calls and database writes): run it off the reactors.
void test_all_channels(RelayServices& s, store::Database& db);
// Disables or re-enables the channel after a test of it, under the rules above.
void apply_test_result(RelayServices& s, const store::Channel& c, const ChannelTestResult& r);

void register_channel_test_api(http::Router& router, AppContext& ctx, RelayServices& s);

}  // namespace gw::relay
