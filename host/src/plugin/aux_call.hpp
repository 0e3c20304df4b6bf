// One HTTP call a plugin asks the host for during a hook (host->http_fetch). The hook records it
// here and returns GW_PENDING; whoever ran the hook then makes the call on the same thread, hands
// the answer to the plugin's `done` (which calls host->resume) and runs the hook again. Only
// handles made this way accept http_fetch; a relay request's handle is null.
#pragma once

#include <gw/abi/host.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace gw::plugin {

struct AuxCall {
    static constexpr uint32_t kMagic = 0x61757863;  // "auxc"
    uint32_t magic = kMagic;
    bool requested = false, resumed = false;
    std::string method, url, body;
    std::vector<std::pair<std::string, std::string>> headers;
    uint32_t timeout_ms = 0;
    gw_http_done_fn done = nullptr;
    void* user = nullptr;

    gw_req_handle* handle() { return reinterpret_cast<gw_req_handle*>(this); }
    static AuxCall* from(gw_req_handle* h) {
        auto* call = reinterpret_cast<AuxCall*>(h);
        return call && call->magic == kMagic ? call : nullptr;
    }
};

}  // namespace gw::plugin
