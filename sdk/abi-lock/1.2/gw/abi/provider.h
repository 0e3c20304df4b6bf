/* Provider plugins: transformers between the host's request and one upstream API.
 * The host owns all network I/O, retries, billing and the client connection; a provider builds
 * the upstream request, then parses the upstream response or each stream event. Pure C99.
 */
#ifndef GW_ABI_PROVIDER_H
#define GW_ABI_PROVIDER_H

#include "host.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What operation a request performs. Append-only. */
typedef int32_t gw_api_kind;
enum {
    GW_API_CHAT = 1,        /* chat completions / messages / generateContent */
    GW_API_COMPLETIONS = 2, /* legacy text completions */
    GW_API_RESPONSES = 3,   /* OpenAI Responses */
    GW_API_EMBEDDINGS = 4,
    GW_API_RERANK = 5,
    GW_API_IMAGES = 6,
    GW_API_IMAGE_EDITS = 7,
    GW_API_AUDIO_SPEECH = 8,
    GW_API_AUDIO_TRANSCRIPTION = 9,
    GW_API_AUDIO_TRANSLATION = 10,
    GW_API_MODERATIONS = 11,
    GW_API_TASK = 12, /* asynchronous task submit (see task.h) */
    /* 1.2: a realtime WebSocket session. build_request (empty body) describes the upstream
     * WebSocket: method GET, an http(s) URL the host upgrades, its headers. Each upstream
     * message then reaches parse_stream_event (data = the message); what the provider emits goes
     * to the client, and each report_usage is billed at once as one response's usage. */
    GW_API_REALTIME = 13
};

/* The dialect a body is written in. With the api kind it fixes the exact shape:
 * (CHAT, OPENAI) = chat completions, (RESPONSES, OPENAI) = Responses, (CHAT, CLAUDE) = Messages,
 * (CHAT, GEMINI) = generateContent. Append-only. */
typedef int32_t gw_wire;
enum { GW_WIRE_NONE = 0, GW_WIRE_OPENAI = 1, GW_WIRE_CLAUDE = 2, GW_WIRE_GEMINI = 3 };

/* How the host splits a streamed upstream body into events. */
typedef int32_t gw_framing;
enum {
    GW_FRAMING_NONE = 0,   /* whole body, parse_response */
    GW_FRAMING_SSE = 1,    /* text/event-stream: one call per event */
    GW_FRAMING_NDJSON = 2, /* one call per line */
    GW_FRAMING_RAW = 3     /* one call per received chunk; the plugin buffers partial frames */
};

typedef struct gw_request_info {
    uint32_t struct_size;
    gw_api_kind api;
    gw_wire body_wire;   /* the dialect of the body given to build_request, and of what to emit */
    gw_wire client_wire; /* the dialect the client speaks (the host converts between them) */
    int32_t stream;      /* 1 when the client asked for a stream */
    int32_t attempt;     /* 0 on the first try, n on the n-th retry */
    int32_t channel_type;
    int64_t channel_id;
    gw_str origin_model;   /* the model the client asked for (billing name) */
    gw_str upstream_model; /* after model mapping and suffix handling */
    gw_str base_url;       /* channel base URL, or the type's default */
    gw_str api_key;        /* the key chosen for this attempt */
    gw_str request_id;
    gw_str client_path; /* path and query the client called, e.g. "/v1/chat/completions" */
    const gw_header* client_headers;
    size_t n_client_headers;
    gw_req_handle* handle; /* for host->http_fetch / host->resume */
} gw_request_info;

/* The upstream request under construction. The host copies every view. [request] */
typedef struct gw_upstream_sink {
    uint32_t struct_size;
    void* ctx;
    void(GW_ABI* set_method)(void* ctx, gw_str method);
    void(GW_ABI* set_url)(void* ctx, gw_str url);
    void(GW_ABI* add_header)(void* ctx, gw_str name, gw_str value);
    void(GW_ABI* append_body)(void* ctx, gw_str bytes);
    /* Send the body the host handed to build_request, byte for byte (no copy, no re-encoding). */
    void(GW_ABI* use_original_body)(void* ctx);
    void(GW_ABI* set_framing)(void* ctx, gw_framing framing);
} gw_upstream_sink;

/* Usage as reported by the upstream. Fields the upstream does not report stay 0. */
typedef struct gw_usage {
    uint32_t struct_size;
    int32_t prompt_includes_cache; /* 1: prompt_tokens includes cached/cache-write tokens (OpenAI,
                                      Gemini); 0: they are counted apart (Claude) */
    int64_t prompt_tokens;
    int64_t completion_tokens;
    int64_t total_tokens;
    int64_t cached_tokens;         /* cache reads */
    int64_t cache_write_tokens;    /* cache writes (5 minute) */
    int64_t cache_write_1h_tokens; /* cache writes (1 hour) */
    int64_t reasoning_tokens;
    int64_t image_tokens;
    int64_t audio_input_tokens;
    int64_t audio_output_tokens;
    int64_t web_search_calls;
} gw_usage;

/* Where a provider sends what it parsed. [request] */
typedef struct gw_output_sink {
    uint32_t struct_size;
    void* ctx;
    /* One whole response body (non-stream) or one stream event, in the request's body_wire
     * dialect. `event` is the SSE event name where the dialect has one (Claude), else empty. */
    void(GW_ABI* emit)(void* ctx, gw_str event, gw_str data);
    void(GW_ABI* report_usage)(void* ctx, const gw_usage* usage);
    /* Named facts for logs and billing: "finish_reason", "upstream_request_id", "response_id". */
    void(GW_ABI* set_meta)(void* ctx, gw_str key, gw_str value);
    const gw_error_sink* error;
} gw_output_sink;

typedef struct gw_stream_event {
    uint32_t struct_size;
    gw_str event; /* SSE "event:" field, empty when absent */
    gw_str data;  /* SSE data (lines joined by \n), an NDJSON line, or a raw chunk */
    gw_str id;    /* SSE "id:" field, empty when absent */
} gw_stream_event;

typedef struct gw_provider gw_provider;
struct gw_provider {
    uint32_t struct_size;
    void* plugin_data;
    /* [main] Free the instance; no request is in flight on it. */
    void(GW_ABI* destroy)(const gw_provider* self);
    /* [any] Optional extension vtables by id (e.g. GW_EXT_TASK); NULL when absent. */
    const void*(GW_ABI* get_extension)(const gw_provider* self, const char* id);
    /* [any] Create per-request state. The instance serves many requests at once. */
    gw_status(GW_ABI* begin)(const gw_provider* self, const gw_request_info* info, void** req);
    /* [request] Build the upstream request from `body` (body_wire dialect). May return
     * GW_PENDING after host->http_fetch; the host calls build_request again after resume. */
    gw_status(GW_ABI* build_request)(const gw_provider* self, void* req, gw_str body, const gw_upstream_sink* out,
                                     const gw_error_sink* err);
    /* [request] The upstream answered. `framing` holds what build_request chose; the plugin may
     * change it (e.g. an upstream that answered JSON to a stream request). */
    gw_status(GW_ABI* on_response_head)(const gw_provider* self, void* req, int32_t status, const gw_header* headers,
                                        size_t n_headers, gw_framing* framing, const gw_error_sink* err);
    /* [request] A whole body: a success (2xx) to emit, or an error to report through out->error. */
    gw_status(GW_ABI* parse_response)(const gw_provider* self, void* req, int32_t status, gw_str body,
                                      const gw_output_sink* out);
    /* [request] One framed stream event. */
    gw_status(GW_ABI* parse_stream_event)(const gw_provider* self, void* req, const gw_stream_event* event,
                                          const gw_output_sink* out);
    /* [request] The upstream stream ended (cleanly or not): emit what is still buffered. */
    gw_status(GW_ABI* finish_stream)(const gw_provider* self, void* req, const gw_output_sink* out);
    /* [request] Free per-request state; always called once for each successful begin. */
    void(GW_ABI* end)(const gw_provider* self, void* req);
};

/* One channel type a provider serves (New API channel type ids: 1 OpenAI, 14 Anthropic, ...). */
typedef struct gw_channel_type {
    uint32_t struct_size;
    int32_t type_id;
    const char* name;
    const char* default_base_url;
    const char* const* default_models; /* NULL-terminated */
} gw_channel_type;

typedef struct gw_provider_descriptor {
    uint32_t struct_size;
    const char* id; /* reverse-DNS, unique across plugins */
    const char* name;
    const char* vendor;
    const char* version;
    const char* description;
    const gw_channel_type* const* channel_types; /* NULL-terminated */
    /* NULL-terminated: "chat", "chat.stream", "completions", "responses", "embeddings", "rerank",
     * "images", "audio", "moderations", "task", "realtime" (1.2), "wire.openai", "wire.claude",
     * "wire.gemini" */
    const char* const* capabilities;
    const char* config_schema_json; /* JSON Schema of the channel settings this provider reads */
} gw_provider_descriptor;

typedef struct gw_provider_factory gw_provider_factory;
struct gw_provider_factory {
    uint32_t struct_size;
    uint32_t(GW_ABI* count)(const gw_provider_factory* self);                                /* [any] */
    const gw_provider_descriptor*(GW_ABI* get)(const gw_provider_factory* self, uint32_t i); /* [any] */
    /* [any] A provider instance for one channel. channel_json holds the channel's fields
     * (type, base_url, other, setting, settings, ...), never its keys. NULL on failure. */
    const gw_provider*(GW_ABI* create)(const gw_provider_factory* self, const char* descriptor_id, gw_str channel_json,
                                       const gw_error_sink* err);
};

#ifdef __cplusplus
}
#endif

#endif /* GW_ABI_PROVIDER_H */
