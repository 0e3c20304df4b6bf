// What the loaded plugins provide, copied out of their descriptors, and the refused ones with
// their reasons. Channel types map to the provider that serves them.
#pragma once

#include "plugin/manifest.hpp"

#include <gw/abi/entry.h>
#include <gw/abi/payment.h>
#include <gw/abi/provider.h>

#include <memory>
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

struct PaymentInfo {
    std::string id, name, vendor, version, config_schema;
    std::vector<std::string> methods, currencies, webhook_paths;
};

struct LoadedPlugin {
    std::string file;    // library path in the plugin folder
    std::string mapped;  // the private copy actually loaded (the folder's file may be replaced)
    std::string sha256;  // of the library as loaded
    Manifest manifest;
    std::string abi;  // negotiated "major.minor"
    const gw_plugin_entry* entry = nullptr;
    const gw_provider_factory* provider_factory = nullptr;
    std::vector<ProviderInfo> providers;
    const gw_payment_factory* payment_factory = nullptr;
    std::vector<PaymentInfo> payments;
    // Shared by every registry snapshot and provider instance of this load; the plugin's deinit
    // runs when the last one lets go (after a replaced version's last request).
    std::shared_ptr<void> lifetime;
};

struct RefusedPlugin {
    std::string file, reason;
};

struct DisabledPlugin {
    std::string id, version, file;
};

class Registry {
public:
    void add(LoadedPlugin p) { loaded_.push_back(std::move(p)); }
    void refuse(std::string file, std::string reason);
    void disable(DisabledPlugin p) { disabled_.push_back(std::move(p)); }

    const std::vector<LoadedPlugin>& loaded() const { return loaded_; }
    const std::vector<RefusedPlugin>& refused() const { return refused_; }
    const std::vector<DisabledPlugin>& disabled() const { return disabled_; }
    bool has_id(const std::string& id) const;
    const LoadedPlugin* find(const std::string& id) const;

    struct ProviderRef {
        const LoadedPlugin* plugin;
        const ProviderInfo* provider;
        const ChannelTypeInfo* type;
    };
    // The provider serving a channel type; the first loaded plugin wins.
    std::optional<ProviderRef> provider_for_type(int type) const;
    // The default base URL of a channel type ("" when unknown).
    std::string default_base_url(int type) const;
    // A provider instance for one channel (keeping its plugin loaded), or nullptr with the reason
    // in `error`.
    std::shared_ptr<const gw_provider> create_provider(int type, std::string_view channel_json,
                                                       std::string& error) const;

    struct PaymentRef {
        const LoadedPlugin* plugin;
        const PaymentInfo* payment;
    };
    // A payment method by its descriptor id ("epay", "stripe"); the first loaded plugin wins.
    std::optional<PaymentRef> payment(std::string_view id) const;
    // A payment instance configured with `config_json` (keeping its plugin loaded), or nullptr
    // with the reason in `error`.
    std::shared_ptr<const gw_payment> create_payment(std::string_view id, std::string_view config_json,
                                                     std::string& error) const;

private:
    std::vector<LoadedPlugin> loaded_;
    std::vector<RefusedPlugin> refused_;
    std::vector<DisabledPlugin> disabled_;
};

}  // namespace gw::plugin
