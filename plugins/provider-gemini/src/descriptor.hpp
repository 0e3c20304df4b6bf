// What the Gemini provider declares to the host.
#pragma once

#include <gw/cpp/plugin.hpp>

namespace gemini_plugin {

gw::ProviderSpec descriptor();

}  // namespace gemini_plugin
