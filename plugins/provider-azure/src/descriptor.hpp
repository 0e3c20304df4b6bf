// What the Azure OpenAI provider declares to the host.
#pragma once

#include <gw/cpp/plugin.hpp>

namespace azure_plugin {

gw::ProviderSpec descriptor();

}  // namespace azure_plugin
