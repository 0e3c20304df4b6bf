// The client-facing request formats the relay speaks. Each is an (api kind, wire) pair of the ABI;
// the chat completions dialect is also the hub every conversion passes through.
#pragma once

#include <gw/abi/provider.h>

namespace gw::wire {

enum class Dialect { chat, responses, claude, gemini };

const char* dialect_name(Dialect d);
gw_wire abi_wire(Dialect d);
gw_api_kind abi_api(Dialect d);

}  // namespace gw::wire
