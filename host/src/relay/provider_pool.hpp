// Provider instances per channel, created through the plugin registry on first use and replaced
// when the channel's settings change. An instance lives while any request still holds it.
#pragma once

#include "plugin/registry.hpp"
#include "store/entities.hpp"

#include <gw/abi/provider.h>

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace gw::relay {

class ProviderPool {
public:
    explicit ProviderPool(const plugin::Registry& registry) : registry_(registry) {}

    // The channel's provider instance, or nullptr with the reason in `error`.
    std::shared_ptr<const gw_provider> get(const std::shared_ptr<const store::Channel>& channel, std::string& error);

    const plugin::Registry& registry() const { return registry_; }

    // The channel settings handed to a provider (never its keys).
    static std::string channel_json(const store::Channel& c);

private:
    struct Entry {
        std::weak_ptr<const store::Channel> seen;  // the snapshot row last checked (rows are immutable)
        std::string fingerprint;
        std::shared_ptr<const gw_provider> provider;
    };
    const plugin::Registry& registry_;
    std::mutex mutex_;
    std::unordered_map<int64_t, Entry> entries_;
};

}  // namespace gw::relay
