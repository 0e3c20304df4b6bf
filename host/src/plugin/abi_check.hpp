// Whether a plugin's entry can run in this host, and which ABI minor both will speak.
#pragma once

#include <gw/abi/entry.h>

#include <string>

namespace gw::plugin {

struct AbiCheck {
    bool ok = false;
    std::string reason;       // why not, when !ok
    gw_abi_version agreed{};  // the version both speak, when ok
};

// host: the host's ABI version (a parameter so tests can play an older or newer host).
AbiCheck check_entry(const gw_plugin_entry* entry, gw_abi_version host);

std::string version_string(gw_abi_version v);

}  // namespace gw::plugin
