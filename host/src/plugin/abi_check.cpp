#include "plugin/abi_check.hpp"

#include <cstddef>
#include <cstring>

namespace gw::plugin {

std::string version_string(gw_abi_version v) {
    return std::to_string(v.major) + "." + std::to_string(v.minor);
}

AbiCheck check_entry(const gw_plugin_entry* entry, gw_abi_version host) {
    AbiCheck r;
    if (!entry) return {false, "no entry symbol " GW_ENTRY_SYMBOL, {}};
    if (entry->struct_size < offsetof(gw_plugin_entry, get_factory) + sizeof(entry->get_factory))
        return {false, "entry struct too small (" + std::to_string(entry->struct_size) + " bytes)", {}};
    if (entry->abi.major != host.major)
        return {false,
                "speaks ABI major " + std::to_string(entry->abi.major) + ", host speaks " + version_string(host),
                {}};
    if (entry->min_host_minor > host.minor)
        return {false,
                "needs host ABI " + std::to_string(host.major) + "." + std::to_string(entry->min_host_minor) +
                    " or newer, host is " + version_string(host),
                {}};
    if (!entry->build_signature || std::strcmp(entry->build_signature, GW_BUILD_SIGNATURE) != 0)
        return {false,
                std::string("built for ") + (entry->build_signature ? entry->build_signature : "an unknown target") +
                    ", host is " GW_BUILD_SIGNATURE,
                {}};
    if (!entry->negotiate || !entry->init || !entry->deinit || !entry->get_factory)
        return {false, "entry lacks negotiate, init, deinit or get_factory", {}};
    gw_abi_version v = host;
    if (entry->negotiate(&v) != GW_OK) return {false, "refused ABI negotiation with host " + version_string(host), {}};
    if (v.major != host.major || v.minor > host.minor)
        return {false, "negotiated an impossible ABI " + version_string(v), {}};
    r.ok = true;
    r.agreed = v;
    return r;
}

}  // namespace gw::plugin
