// Provider instances per channel, created through the plugin registry on first use and replaced
// when the channel's settings change or its plugin is reloaded as another version. An instance
// (and the plugin version behind it) lives while any request still holds it.
#pragma once

#include "plugin/catalog.hpp"
#include "store/entities.hpp"

#include <gw/abi/provider.h>

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace gw::relay {

class ProviderPool {
public:
    explicit ProviderPool(const plugin::Catalog& catalog) : catalog_(catalog) {}

    // The channel's provider instance, or nullptr with the reason in `error`.
    std::shared_ptr<const gw_provider> get(const std::shared_ptr<const store::Channel>& channel, std::string& error);

    // The plugins in service now; hold the pointer while using what it returns.
    std::shared_ptr<const plugin::Registry> registry() const { return catalog_.current(); }

    // The channel settings handed to a provider (never its keys).
    static std::string channel_json(const store::Channel& c);

private:
    struct Entry {
        std::weak_ptr<const store::Channel> seen;  // the snapshot row last checked (rows are immutable)
        std::string fingerprint;
        uint64_t reloads = 0;          // the catalog's reload count when last checked
        std::shared_ptr<void> plugin;  // the plugin load that made the instance
        std::shared_ptr<const gw_provider> provider;
    };
    const plugin::Catalog& catalog_;
    std::mutex mutex_;
    std::unordered_map<int64_t, Entry> entries_;
};

}  // namespace gw::relay
