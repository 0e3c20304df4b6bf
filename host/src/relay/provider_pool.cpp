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
    std::lock_guard lock(mutex_);
    auto it = entries_.find(channel->id);
    // A snapshot row never changes, so the same live row needs no fingerprint (the hot path).
    if (it != entries_.end() && it->second.seen.lock() == channel) return it->second.provider;
    std::string fingerprint = channel_json(*channel);
    if (it != entries_.end() && it->second.fingerprint == fingerprint) {
        it->second.seen = channel;
        return it->second.provider;
    }
    const gw_provider* raw = registry_.create_provider(channel->type, fingerprint, error);
    if (!raw) return nullptr;
    std::shared_ptr<const gw_provider> p(raw, [](const gw_provider* prov) { prov->destroy(prov); });
    entries_[channel->id] = {channel, fingerprint, p};
    return p;
}

}  // namespace gw::relay
