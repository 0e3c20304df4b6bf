/* The host services table: the only way a plugin reaches the host. Pure C99, append-only.
 *
 * Before using a slot added after 1.0, check it is inside the table the host handed over:
 *   GW_HOST_HAS(host, slot)
 */
#ifndef GW_ABI_HOST_H
#define GW_ABI_HOST_H

#include "types.h"
#include "version.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GW_HOST_HAS(host, slot) \
    ((host) != NULL && offsetof(gw_host, slot) + sizeof((host)->slot) <= (host)->struct_size && (host)->slot != NULL)

typedef int32_t gw_log_level;
enum { GW_LOG_DEBUG = 0, GW_LOG_INFO = 1, GW_LOG_WARN = 2, GW_LOG_ERROR = 3 };

typedef int32_t gw_metric_kind;
enum { GW_METRIC_COUNTER = 1, GW_METRIC_GAUGE = 2 };

typedef int32_t gw_digest_alg;
enum { GW_DIGEST_MD5 = 1, GW_DIGEST_SHA1 = 2, GW_DIGEST_SHA256 = 3, GW_DIGEST_SHA512 = 4 };

/* Opaque handle of one in-flight request, for the asynchronous services below. */
typedef struct gw_req_handle gw_req_handle;

/* An auxiliary HTTP call made by the host on a plugin's behalf (OAuth tokens, payment APIs). */
typedef struct gw_http_request {
    uint32_t struct_size;
    gw_str method;
    gw_str url;
    const gw_header* headers;
    size_t n_headers;
    gw_str body;
    uint32_t timeout_ms; /* 0 = host default */
    gw_str proxy;        /* empty = the channel's proxy, if any */
} gw_http_request;

typedef struct gw_http_response {
    uint32_t struct_size;
    int32_t status; /* 0 when the call failed before a response (see error) */
    const gw_header* headers;
    size_t n_headers;
    gw_str body;
    gw_str error; /* transport error text, empty on success */
} gw_http_response;

typedef void(GW_ABI* gw_http_done_fn)(void* user, const gw_http_response* response);

typedef struct gw_host {
    uint32_t struct_size;
    gw_abi_version abi; /* the host's ABI version */
    gw_str host_name;
    gw_str host_version;

    /* [any] Logging; the host prefixes the plugin id. */
    void(GW_ABI* log)(gw_str plugin_id, gw_log_level level, gw_str message);
    int32_t(GW_ABI* log_enabled)(gw_log_level level);

    /* [any] Clocks. */
    int64_t(GW_ABI* now_unix_ms)(void);
    int64_t(GW_ABI* monotonic_ns)(void);

    /* [main] define, [any] add. Returns 0 when the metric could not be defined. */
    uint32_t(GW_ABI* metric_define)(gw_str name, gw_metric_kind kind);
    void(GW_ABI* metric_add)(uint32_t metric_id, int64_t delta);

    /* [any] A TTL key/value cache shared by all plugin instances; values are copied.
     * kv_get returns 1 and appends the value to out when the key is present and fresh. */
    int32_t(GW_ABI* kv_get)(gw_str key, const gw_buffer_sink* out);
    void(GW_ABI* kv_set)(gw_str key, gw_str value, uint32_t ttl_seconds);

    /* [request] Start an auxiliary HTTP call; `done` runs later on the request's thread. The hook
     * that called it returns GW_PENDING and the plugin calls resume(handle) from `done`. */
    gw_status(GW_ABI* http_fetch)(gw_req_handle* handle, const gw_http_request* request, gw_http_done_fn done,
                                  void* user);
    void(GW_ABI* resume)(gw_req_handle* handle);

    /* [any] Cryptographic helpers, so plugins need no crypto library. Output is raw bytes. */
    gw_status(GW_ABI* random_bytes)(void* out, size_t len);
    gw_status(GW_ABI* digest)(gw_digest_alg alg, gw_str data, const gw_buffer_sink* out);
    gw_status(GW_ABI* hmac)(gw_digest_alg alg, gw_str key, gw_str data, const gw_buffer_sink* out);

    /* [any] Optional host extensions by id, e.g. "gw.host.rsa-sign/1". NULL when absent. */
    const void*(GW_ABI* get_extension)(const char* id);
    /* new slots are appended here */
} gw_host;

#ifdef __cplusplus
}
#endif

#endif /* GW_ABI_HOST_H */
