// Host-side sinks for provider plugin calls: capturing a reported error, and building the
// upstream request a provider describes.
#pragma once

#include "upstream/http_client.hpp"

#include <gw/abi/provider.h>

#include <functional>
#include <memory>
#include <string>

namespace gw::relay {

struct ProviderError {
    bool set = false;
    int status = 0;
    std::string type, code, message;
    uint32_t flags = 0;
};

// An error sink that records into `into`.
gw_error_sink error_sink(ProviderError& into);

struct BuiltRequest {
    gw_status status = GW_OK;
    upstream::Request request;
    gw_framing framing = GW_FRAMING_NONE;
    ProviderError error;
};

// Runs one plugin call that describes an upstream request through `sink`; the upstream body is
// `body` itself when the plugin asks for the original bytes (no copy).
BuiltRequest build_through(const std::shared_ptr<const std::string>& body,
                           const std::function<gw_status(const gw_upstream_sink*, const gw_error_sink*)>& call);

// Calls provider->build_request; the upstream body is `body` itself when the provider asks for
// the original bytes (no copy).
BuiltRequest build_upstream_request(const gw_provider* provider, void* req,
                                    const std::shared_ptr<const std::string>& body);

}  // namespace gw::relay
