// Small pieces most provider plugins need, so each does not write its own: URL joining, the
// error flags New API's retry and auto-disable rules expect for an HTTP status, and reading a
// plain JSON answer to a stream request as one body.
#pragma once

#include "provider.hpp"

#include <string>
#include <string_view>

namespace gw {

// base without trailing slashes, then path ("https://x/" + "/v1/messages").
inline std::string join_url(std::string_view base, std::string_view path) {
    while (!base.empty() && base.back() == '/') base.remove_suffix(1);
    std::string url(base);
    url += path;
    return url;
}

// 401/403 may disable the channel; 401/403/404/429/5xx may be retried on another channel;
// 400/413/422 are the client's fault.
inline uint32_t error_flags_for_status(int status) {
    uint32_t flags = 0;
    if (status == 401 || status == 403) flags |= GW_ERRF_DISABLE_CHANNEL;
    if (status == 429 || status >= 500 || status == 401 || status == 403 || status == 404) flags |= GW_ERRF_RETRYABLE;
    if (status == 400 || status == 413 || status == 422) flags |= GW_ERRF_CLIENT_FAULT;
    return flags;
}

// An upstream that answers a stream request with application/json sent one whole body.
inline void read_json_answer_whole(const ResponseHead& head, gw_framing& framing) {
    if (framing == GW_FRAMING_SSE && head.header("content-type").find("application/json") != std::string_view::npos)
        framing = GW_FRAMING_NONE;
}

}  // namespace gw
