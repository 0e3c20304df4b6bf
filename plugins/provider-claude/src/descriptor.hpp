// What the Anthropic provider declares to the host.
#pragma once

#include <gw/cpp/plugin.hpp>

namespace claude_plugin {

gw::ProviderSpec descriptor();

}  // namespace claude_plugin
