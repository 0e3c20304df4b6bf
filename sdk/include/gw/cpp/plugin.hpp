// Defining a plugin in C++: describe providers as data, then expand GW_PLUGIN once.
//
//   gw::PluginDefinition define() {
//       gw::PluginDefinition def;
//       def.provider<MyProvider>(my_spec());
//       return def;
//   }
//   GW_PLUGIN("com.example.myplugin", "1.0.0", define)
//
// MyProvider must be constructible from the channel JSON (std::string_view). A payment plugin
// adds def.payment<MyPayment>(spec) the same way; MyPayment is constructed from its settings
// (a JSON object of the options its config schema names).
#pragma once

#include <gw/abi/entry.h>
#include <gw/cpp/host.hpp>
#include <gw/cpp/payment.hpp>
#include <gw/cpp/provider.hpp>

#include <algorithm>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#ifndef GW_PLUGIN_MIN_HOST_MINOR
#define GW_PLUGIN_MIN_HOST_MINOR GW_ABI_MINOR
#endif

namespace gw {

struct ChannelTypeSpec {
    int id = 0;
    std::string name;
    std::string default_base_url;
    std::vector<std::string> default_models;
};

struct ProviderSpec {
    std::string id, name, vendor, version, description;
    std::vector<ChannelTypeSpec> channel_types;
    std::vector<std::string> capabilities;
    std::string config_schema_json = "{}";
};

using ProviderCreator = std::function<std::unique_ptr<Provider>(std::string_view channel_json)>;

struct PaymentSpec {
    std::string id, name, vendor, version;
    std::vector<std::string> methods, currencies, webhook_paths;
    std::string config_schema_json = "{}";
};

using PaymentCreator = std::function<std::unique_ptr<Payment>(std::string_view config_json)>;

class PluginDefinition {
public:
    template <class P>
    PluginDefinition& provider(ProviderSpec spec) {
        providers_.push_back({std::move(spec), [](std::string_view json) -> std::unique_ptr<Provider> {
                                  return std::make_unique<P>(json);
                              }});
        return *this;
    }
    template <class P>
    PluginDefinition& payment(PaymentSpec spec) {
        payments_.push_back({std::move(spec), [](std::string_view json) -> std::unique_ptr<Payment> {
                                 return std::make_unique<P>(json);
                             }});
        return *this;
    }
    // Runs on the first init, after the host table is attached.
    PluginDefinition& on_init(std::function<void()> fn) {
        on_init_ = std::move(fn);
        return *this;
    }

    // Builds the C descriptors; call once the definition sits at its final address.
    void finalize();

    uint32_t provider_count() const noexcept { return static_cast<uint32_t>(providers_.size()); }
    const gw_provider_descriptor* descriptor(uint32_t i) const noexcept {
        return i < descriptors_.size() ? &descriptors_[i] : nullptr;
    }
    const gw_provider* create(const char* id, std::string_view json) const;
    uint32_t payment_count() const noexcept { return static_cast<uint32_t>(payments_.size()); }
    const gw_payment_descriptor* payment_descriptor(uint32_t i) const noexcept {
        return i < payment_descriptors_.size() ? &payment_descriptors_[i] : nullptr;
    }
    const gw_payment* create_payment(const char* id, std::string_view json) const;
    void run_on_init() const {
        if (on_init_) on_init_();
    }

private:
    struct Entry {
        ProviderSpec spec;
        ProviderCreator create;
    };
    struct CTypes {  // C views of one provider's lists; pointers stay valid after finalize
        std::vector<gw_channel_type> types;
        std::vector<std::vector<const char*>> models;
        std::vector<const gw_channel_type*> type_ptrs;
        std::vector<const char*> caps;
    };
    struct PaymentEntry {
        PaymentSpec spec;
        PaymentCreator create;
    };
    struct CLists {  // C views of one payment's lists
        std::vector<const char*> methods, currencies, webhooks;
    };
    void finalize_payments();

    std::vector<Entry> providers_;
    std::vector<CTypes> ctypes_;
    std::vector<gw_provider_descriptor> descriptors_;
    std::vector<PaymentEntry> payments_;
    std::vector<CLists> clists_;
    std::vector<gw_payment_descriptor> payment_descriptors_;
    std::function<void()> on_init_;
};

inline void PluginDefinition::finalize() {
    ctypes_.resize(providers_.size());
    descriptors_.resize(providers_.size());
    for (size_t i = 0; i < providers_.size(); ++i) {
        const ProviderSpec& s = providers_[i].spec;
        CTypes& c = ctypes_[i];
        c.models.resize(s.channel_types.size());
        for (size_t t = 0; t < s.channel_types.size(); ++t) {
            for (const auto& m : s.channel_types[t].default_models) c.models[t].push_back(m.c_str());
            c.models[t].push_back(nullptr);
        }
        for (size_t t = 0; t < s.channel_types.size(); ++t) {
            const ChannelTypeSpec& ct = s.channel_types[t];
            c.types.push_back(gw_channel_type{sizeof(gw_channel_type), ct.id, ct.name.c_str(),
                                              ct.default_base_url.c_str(), c.models[t].data()});
        }
        for (const auto& t : c.types) c.type_ptrs.push_back(&t);
        c.type_ptrs.push_back(nullptr);
        for (const auto& cap : s.capabilities) c.caps.push_back(cap.c_str());
        c.caps.push_back(nullptr);
        descriptors_[i] = gw_provider_descriptor{sizeof(gw_provider_descriptor),
                                                 s.id.c_str(),
                                                 s.name.c_str(),
                                                 s.vendor.c_str(),
                                                 s.version.c_str(),
                                                 s.description.c_str(),
                                                 c.type_ptrs.data(),
                                                 c.caps.data(),
                                                 s.config_schema_json.c_str()};
    }
    finalize_payments();
}

inline std::vector<const char*> c_list(const std::vector<std::string>& items) {
    std::vector<const char*> out;
    for (const auto& i : items) out.push_back(i.c_str());
    out.push_back(nullptr);
    return out;
}

inline void PluginDefinition::finalize_payments() {
    clists_.resize(payments_.size());
    payment_descriptors_.resize(payments_.size());
    for (size_t i = 0; i < payments_.size(); ++i) {
        const PaymentSpec& s = payments_[i].spec;
        clists_[i] = {c_list(s.methods), c_list(s.currencies), c_list(s.webhook_paths)};
        payment_descriptors_[i] = gw_payment_descriptor{sizeof(gw_payment_descriptor),
                                                        s.id.c_str(),
                                                        s.name.c_str(),
                                                        s.vendor.c_str(),
                                                        s.version.c_str(),
                                                        clists_[i].methods.data(),
                                                        clists_[i].currencies.data(),
                                                        clists_[i].webhooks.data(),
                                                        s.config_schema_json.c_str()};
    }
}

inline const gw_payment* PluginDefinition::create_payment(const char* id, std::string_view json) const {
    for (const auto& e : payments_)
        if (e.spec.id == id) return e.create(json).release()->vtable();
    return nullptr;
}

inline const gw_provider* PluginDefinition::create(const char* id, std::string_view json) const {
    for (const auto& e : providers_)
        if (e.spec.id == id) return e.create(json).release()->vtable();
    return nullptr;
}

}  // namespace gw

// Defined by GW_PLUGIN in the plugin's source.
gw::PluginDefinition& gw_plugin_definition();
const char* gw_plugin_id();

namespace gw::detail {

inline std::mutex& init_mutex() {
    static std::mutex m;
    return m;
}
inline int& init_count() {
    static int n = 0;
    return n;
}

// A function, not an inline comparison: with a minimum of 0 the compiler would flag the test.
inline bool host_too_old(int host_minor, int min_minor) {
    return host_minor < min_minor;
}

inline gw_status GW_ABI entry_negotiate(gw_abi_version* v) {
    if (!v || v->major != GW_ABI_MAJOR || host_too_old(v->minor, GW_PLUGIN_MIN_HOST_MINOR)) return GW_ERR_INCOMPATIBLE;
    v->minor = std::min<uint16_t>(v->minor, GW_ABI_MINOR);
    v->patch = GW_ABI_PATCH;
    return GW_OK;
}

inline gw_status GW_ABI entry_init(const gw_host* host, gw_str, const gw_error_sink* err) {
    try {
        std::lock_guard lock(init_mutex());
        if (init_count()++ == 0) {
            Host::attach(host, gw_plugin_id());
            gw_plugin_definition().run_on_init();
        }
        return GW_OK;
    } catch (const std::exception& e) {
        --init_count();
        return report_exception(err, e.what());
    } catch (...) {
        --init_count();
        return report_exception(err, nullptr);
    }
}

inline void GW_ABI entry_deinit() {
    std::lock_guard lock(init_mutex());
    if (init_count() > 0 && --init_count() == 0) Host::attach(nullptr, {});
}

inline uint32_t GW_ABI factory_count(const gw_provider_factory*) {
    return gw_plugin_definition().provider_count();
}
inline const gw_provider_descriptor* GW_ABI factory_get(const gw_provider_factory*, uint32_t i) {
    return gw_plugin_definition().descriptor(i);
}
inline const gw_provider* GW_ABI factory_create(const gw_provider_factory*, const char* id, gw_str json,
                                                const gw_error_sink* err) {
    try {
        const gw_provider* p = gw_plugin_definition().create(id, to_view(json));
        if (!p) ErrorSink(err).set(400, "new_api_error", "unknown_provider", id ? id : "", 0);
        return p;
    } catch (const std::exception& e) {
        report_exception(err, e.what());
    } catch (...) {
        report_exception(err, nullptr);
    }
    return nullptr;
}

inline uint32_t GW_ABI payment_factory_count(const gw_payment_factory*) {
    return gw_plugin_definition().payment_count();
}
inline const gw_payment_descriptor* GW_ABI payment_factory_get(const gw_payment_factory*, uint32_t i) {
    return gw_plugin_definition().payment_descriptor(i);
}
inline const gw_payment* GW_ABI payment_factory_create(const gw_payment_factory*, const char* id, gw_str json,
                                                       const gw_error_sink* err) {
    try {
        const gw_payment* p = gw_plugin_definition().create_payment(id, to_view(json));
        if (!p) ErrorSink(err).set(400, "new_api_error", "unknown_payment", id ? id : "", 0);
        return p;
    } catch (const std::exception& e) {
        report_exception(err, e.what());
    } catch (...) {
        report_exception(err, nullptr);
    }
    return nullptr;
}

inline const void* GW_ABI entry_get_factory(const char* id) {
    static const gw_provider_factory providers{sizeof(gw_provider_factory), &factory_count, &factory_get,
                                               &factory_create};
    static const gw_payment_factory payments{sizeof(gw_payment_factory), &payment_factory_count, &payment_factory_get,
                                             &payment_factory_create};
    std::string_view want = id ? id : "";
    if (want == GW_FACTORY_PROVIDER && gw_plugin_definition().provider_count() > 0) return &providers;
    if (want == GW_FACTORY_PAYMENT && gw_plugin_definition().payment_count() > 0) return &payments;
    return nullptr;
}

}  // namespace gw::detail

#define GW_PLUGIN(ID, VERSION, DEFINE_FN)                                                                        \
    const char* gw_plugin_id() {                                                                                 \
        return ID;                                                                                               \
    }                                                                                                            \
    gw::PluginDefinition& gw_plugin_definition() {                                                               \
        static gw::PluginDefinition definition = DEFINE_FN();                                                    \
        static const bool finalized = (definition.finalize(), true);                                             \
        (void)finalized;                                                                                         \
        return definition;                                                                                       \
    }                                                                                                            \
    extern "C" GW_EXPORT const gw_plugin_entry gw_plugin_entry_v1 = {sizeof(gw_plugin_entry),                    \
                                                                     {GW_ABI_MAJOR, GW_ABI_MINOR, GW_ABI_PATCH}, \
                                                                     GW_PLUGIN_MIN_HOST_MINOR,                   \
                                                                     0,                                          \
                                                                     GW_BUILD_SIGNATURE,                         \
                                                                     ID,                                         \
                                                                     VERSION,                                    \
                                                                     &gw::detail::entry_negotiate,               \
                                                                     &gw::detail::entry_init,                    \
                                                                     &gw::detail::entry_deinit,                  \
                                                                     &gw::detail::entry_get_factory};
