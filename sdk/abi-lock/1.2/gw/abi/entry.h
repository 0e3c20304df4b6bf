/* The plugin entry: the single symbol a plugin exports. Pure C99, append-only. */
#ifndef GW_ABI_ENTRY_H
#define GW_ABI_ENTRY_H

#include "host.h"
#include "types.h"
#include "version.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GW_ENTRY_SYMBOL "gw_plugin_entry_v1"

/* Factory ids a plugin may answer in get_factory. */
#define GW_FACTORY_PROVIDER "gw.provider-factory/1"
#define GW_FACTORY_PAYMENT "gw.payment-factory/1"

typedef struct gw_plugin_entry {
    uint32_t struct_size;
    gw_abi_version abi;          /* the SDK headers the plugin was compiled with */
    uint16_t min_host_minor;     /* the oldest host minor (same major) it can run on */
    uint16_t reserved;           /* zero */
    const char* build_signature; /* GW_BUILD_SIGNATURE of the plugin's build */
    const char* plugin_id;       /* reverse-DNS id; matches the manifest */
    const char* plugin_version;

    /* [main] The host passes its version; the plugin writes back the version it will speak
     * (same major, minor <= both) or returns GW_ERR_INCOMPATIBLE. */
    gw_status(GW_ABI* negotiate)(gw_abi_version* inout);
    /* [main] Reference-counted: every init is paired with one deinit. The host table stays valid
     * until the last deinit. */
    gw_status(GW_ABI* init)(const gw_host* host, gw_str plugin_dir, const gw_error_sink* err);
    void(GW_ABI* deinit)(void);
    /* [main] A factory by id (GW_FACTORY_*), or NULL when the plugin does not provide it. */
    const void*(GW_ABI* get_factory)(const char* factory_id);
} gw_plugin_entry;

#ifdef __cplusplus
}
#endif

#endif /* GW_ABI_ENTRY_H */
