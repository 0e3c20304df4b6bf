#include "relay/provider_pool.hpp"

#include <nlohmann/json.hpp>

namespace gw::relay {

std::string ProviderPool::channel_json(const store::Channel& c) {
    return nlohmann::json{{"id", c.id},
                          {"type", c.type},
                          {"name", c.name},
                          {"created_time", c.created_time},
                          {"base_url", c.base_url},
                          {"other", c.other},
                          {"openai_organization", c.openai_organization},
                          {"setting", c.setting},
                          {"settings", c.settings},
                          {"param_override", c.param_override},
                          {"header_override", c.header_override}}
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::shared_ptr<const gw_provider> ProviderPool::get(const std::shared_ptr<const store::Channel>& channel,
                                                     std::string& error) {
    uint64_t reloads = catalog_.reloads();
    std::lock_guard lock(mutex_);
    auto it = entries_.find(channel->id);
    // A snapshot row never changes, so the same live row needs no fingerprint (the hot path).
    if (it != entries_.end() && it->second.seen.lock() == channel && it->second.reloads == reloads)
        return it->second.provider;
    auto registry = catalog_.current();
    auto ref = registry->provider_for_type(channel->type);
    std::string fingerprint = channel_json(*channel);
    if (it != entries_.end() && it->second.fingerprint == fingerprint && ref &&
        ref->plugin->lifetime == it->second.plugin) {
        it->second.seen = channel;
        it->second.reloads = reloads;
        return it->second.provider;
    }
    auto p = registry->create_provider(channel->type, fingerprint, error);
    if (!p) {
        entries_.erase(channel->id);
        return nullptr;
    }
    entries_[channel->id] = {channel, fingerprint, reloads, ref->plugin->lifetime, p};
    return p;
}

}  // namespace gw::relay
