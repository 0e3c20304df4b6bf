// What the loaded plugins provide, copied out of their descriptors, and the refused ones with
// their reasons. Channel types map to the provider that serves them.
#pragma once

#include "plugin/manifest.hpp"

#include <gw/abi/entry.h>
#include <gw/abi/provider.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gw::plugin {

struct ChannelTypeInfo {
    int id = 0;
    std::string name, default_base_url;
    std::vector<std::string> default_models;
};

struct ProviderInfo {
    std::string id, name, vendor, version, description, config_schema;
    std::vector<std::string> capabilities;
    std::vector<ChannelTypeInfo> channel_types;
    bool has_capability(std::string_view cap) const;
};

struct LoadedPlugin {
    std::string file;  // library path
    Manifest manifest;
    std::string abi;  // negotiated "major.minor"
    const gw_plugin_entry* entry = nullptr;
    const gw_provider_factory* provider_factory = nullptr;
    std::vector<ProviderInfo> providers;
};

struct RefusedPlugin {
    std::string file, reason;
};

class Registry {
public:
    void add(LoadedPlugin p) { loaded_.push_back(std::move(p)); }
    void refuse(std::string file, std::string reason);

    const std::vector<LoadedPlugin>& loaded() const { return loaded_; }
    const std::vector<RefusedPlugin>& refused() const { return refused_; }
    bool has_id(const std::string& id) const;

    struct ProviderRef {
        const LoadedPlugin* plugin;
        const ProviderInfo* provider;
        const ChannelTypeInfo* type;
    };
    // The provider serving a channel type; the first loaded plugin wins.
    std::optional<ProviderRef> provider_for_type(int type) const;
    // The default base URL of a channel type ("" when unknown).
    std::string default_base_url(int type) const;
    // A provider instance for one channel, or nullptr with the reason in `error`.
    const gw_provider* create_provider(int type, std::string_view channel_json, std::string& error) const;

private:
    std::vector<LoadedPlugin> loaded_;
    std::vector<RefusedPlugin> refused_;
};

}  // namespace gw::plugin
