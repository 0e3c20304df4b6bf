// What the OpenAI provider declares: channel types, capabilities, channel settings schema.
#pragma once

#include <gw/cpp/plugin.hpp>

namespace openai_plugin {

gw::ProviderSpec descriptor();

}  // namespace openai_plugin
