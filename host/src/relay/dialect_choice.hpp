// Which dialect the relay speaks to a provider: the client's own when the provider speaks it (no
// conversion at all), else the provider's native one, with the wire layer converting both ways.
#pragma once

#include "plugin/registry.hpp"
#include "wire/dialect.hpp"

namespace gw::relay {

// p may be null (an unknown provider is taken to speak OpenAI).
wire::Dialect upstream_dialect(const plugin::ProviderInfo* p, wire::Dialect client);

}  // namespace gw::relay
