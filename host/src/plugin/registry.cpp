#include "plugin/registry.hpp"

#include "common/log.hpp"

namespace gw::plugin {

bool ProviderInfo::has_capability(std::string_view cap) const {
    for (const auto& c : capabilities)
        if (c == cap) return true;
    return false;
}

void Registry::refuse(std::string file, std::string reason) {
    log::error("plugin refused: " + file + ": " + reason);
    refused_.push_back({std::move(file), std::move(reason)});
}

bool Registry::has_id(const std::string& id) const {
    return find(id) != nullptr;
}

const LoadedPlugin* Registry::find(const std::string& id) const {
    for (const auto& p : loaded_)
        if (p.manifest.id == id) return &p;
    return nullptr;
}

std::optional<Registry::ProviderRef> Registry::provider_for_type(int type) const {
    for (const auto& p : loaded_)
        for (const auto& prov : p.providers)
            for (const auto& t : prov.channel_types)
                if (t.id == type) return ProviderRef{&p, &prov, &t};
    return std::nullopt;
}

std::string Registry::default_base_url(int type) const {
    auto ref = provider_for_type(type);
    return ref ? ref->type->default_base_url : std::string();
}

namespace {

// Keeps the message a factory reports when it refuses to create an instance.
struct ErrorText {
    std::string message;
    gw_error_sink sink() {
        return {sizeof(gw_error_sink), this, [](void* ctx, int32_t, gw_str, gw_str, gw_str msg, uint32_t) {
                    static_cast<ErrorText*>(ctx)->message.assign(msg.ptr ? msg.ptr : "", msg.len);
                }};
    }
};

}  // namespace

std::shared_ptr<const gw_provider> Registry::create_provider(int type, std::string_view channel_json,
                                                             std::string& error) const {
    auto ref = provider_for_type(type);
    if (!ref) {
        error = "no loaded plugin serves channel type " + std::to_string(type);
        for (const auto& d : disabled_) error += "; plugin " + d.id + " is disabled";
        return nullptr;
    }
    ErrorText err;
    gw_error_sink sink = err.sink();
    const gw_provider_factory* f = ref->plugin->provider_factory;
    const gw_provider* p =
        f->create(f, ref->provider->id.c_str(), gw_str{channel_json.data(), channel_json.size()}, &sink);
    if (!p) {
        error = "plugin " + ref->plugin->manifest.id + " could not create a provider: " + err.message;
        return nullptr;
    }
    return std::shared_ptr<const gw_provider>(
        p, [keep = ref->plugin->lifetime](const gw_provider* prov) { prov->destroy(prov); });
}

std::optional<Registry::PaymentRef> Registry::payment(std::string_view id) const {
    for (const auto& p : loaded_)
        for (const auto& pay : p.payments)
            if (pay.id == id) return PaymentRef{&p, &pay};
    return std::nullopt;
}

std::shared_ptr<const gw_payment> Registry::create_payment(std::string_view id, std::string_view config_json,
                                                           std::string& error) const {
    auto ref = payment(id);
    if (!ref) {
        error = "no loaded plugin offers the payment method " + std::string(id);
        return nullptr;
    }
    ErrorText err;
    gw_error_sink sink = err.sink();
    const gw_payment_factory* f = ref->plugin->payment_factory;
    const gw_payment* p = f->create(f, ref->payment->id.c_str(), gw_str{config_json.data(), config_json.size()}, &sink);
    if (!p) {
        error = err.message.empty() ? "the payment plugin refused its settings" : err.message;
        return nullptr;
    }
    return std::shared_ptr<const gw_payment>(p, [keep = ref->plugin->lifetime](const gw_payment* x) { x->destroy(x); });
}

}  // namespace gw::plugin
