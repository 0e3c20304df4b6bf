/* Common ABI types. Pure C99, no dependencies.
 *
 * Thread tags used on every function in this SDK:
 *   [main]    the host's control thread (start-up, reload, shutdown); never concurrently with itself.
 *   [request] the thread currently serving one request; calls for one request object never overlap.
 *   [any]     any thread, possibly concurrently; the callee must be thread-safe.
 * Request hooks are pure CPU: they never block and never do I/O.
 */
#ifndef GW_ABI_TYPES_H
#define GW_ABI_TYPES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define GW_ABI __cdecl
#define GW_EXPORT __declspec(dllexport)
#else
#define GW_ABI
#define GW_EXPORT __attribute__((visibility("default")))
#endif

/* A borrowed byte view, valid only for the duration of the call that passes it. Not NUL-terminated. */
typedef struct gw_str {
    const char* ptr;
    size_t len;
} gw_str;

typedef struct gw_header {
    gw_str name;
    gw_str value;
} gw_header;

/* Status codes are fixed-width integers; values are never renumbered or reused. */
typedef int32_t gw_status;
enum {
    GW_OK = 0,
    GW_PENDING = 1, /* the hook parked the request; it continues after host->resume() */
    GW_ERR_BAD_ARGUMENT = 2,
    GW_ERR_UNSUPPORTED = 3,
    GW_ERR_PARSE = 4,
    GW_ERR_UPSTREAM = 5,
    GW_ERR_AUTH = 6,
    GW_ERR_INCOMPATIBLE = 7,
    GW_ERR_INTERNAL = 8
};

/* Error flags: how the host should treat a failure. */
enum {
    GW_ERRF_RETRYABLE = 1u << 0,       /* another channel may succeed */
    GW_ERRF_DISABLE_CHANNEL = 1u << 1, /* the channel (or its key) is broken: auto-disable candidate */
    GW_ERRF_CLIENT_FAULT = 1u << 2     /* the client's request is at fault: never retry, never disable */
};

/* Where a plugin reports an error. The host copies every view. [request] unless stated otherwise. */
typedef struct gw_error_sink {
    uint32_t struct_size;
    void* ctx;
    /* http_status: status the host should answer with (0 = let the host decide).
     * type/code: provider error type and code (e.g. "invalid_request_error", "model_not_found"). */
    void(GW_ABI* set)(void* ctx, int32_t http_status, gw_str type, gw_str code, gw_str message, uint32_t flags);
} gw_error_sink;

/* A growable byte buffer owned by the host; the plugin appends copies. */
typedef struct gw_buffer_sink {
    uint32_t struct_size;
    void* ctx;
    void(GW_ABI* append)(void* ctx, gw_str bytes);
} gw_buffer_sink;

#ifdef __cplusplus
}
#endif

#endif /* GW_ABI_TYPES_H */
