// Scans the plugin folder: reads manifests, checks the allow-list and checksums, probes each
// library in a child process (so a crash in init cannot take the server down), then dlopens it
// RTLD_NOW|RTLD_LOCAL, negotiates the ABI, runs init and registers what it provides.
// With a shadow folder, each library is loaded from a private copy named by its checksum, so the
// plugin folder's file can be replaced while it runs and a new version loads beside the old.
#pragma once

#include "app/config.hpp"
#include "plugin/registry.hpp"

#include <gw/abi/version.h>

#include <set>
#include <string>
#include <vector>

namespace gw::plugin {

struct LoaderOptions {
    std::string dir;
    bool allow_all = true;
    std::vector<PluginAllow> allow;
    gw_abi_version host_version{GW_ABI_MAJOR, GW_ABI_MINOR, GW_ABI_PATCH};
    int probe_timeout_ms = 10000;
    std::string shadow_dir;          // empty: load from the plugin folder itself
    std::set<std::string> disabled;  // plugin ids listed as disabled, not loaded
};

// `previous`: plugins in it whose library is unchanged are kept as they are (not loaded again).
void load_plugins(const LoaderOptions& options, Registry& registry, const Registry* previous = nullptr);

// Lowercase hex sha256 of a file; empty when unreadable.
std::string file_sha256(const std::string& path);

}  // namespace gw::plugin
