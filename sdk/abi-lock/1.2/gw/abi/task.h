/* Task extension of a provider (Midjourney, Suno, video): submit, then the host polls.
 * Reached through provider->get_extension(provider, GW_EXT_TASK). Pure C99, append-only.
 *
 * Flow: the host calls estimate (model name, ratios, origin task) before it picks a channel, on
 * an instance made for the route's task family (capability "task.mj", "task.suno", "task.video");
 * then estimate again, build_submit and parse_submit on the chosen channel's instance. For a
 * submit, info->api is GW_API_TASK and info->client_path the path the client called. Polls run on
 * the master node: build_fetch/parse_fetch with up to fetch_batch upstream ids.
 */
#ifndef GW_ABI_TASK_H
#define GW_ABI_TASK_H

#include "provider.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GW_EXT_TASK "gw.provider.task/1"

typedef int32_t gw_task_state;
enum {
    GW_TASK_NOT_START = 1,
    GW_TASK_SUBMITTED = 2,
    GW_TASK_QUEUED = 3,
    GW_TASK_IN_PROGRESS = 4,
    GW_TASK_SUCCESS = 5,
    GW_TASK_FAILURE = 6,
    GW_TASK_UNKNOWN = 7
};

typedef struct gw_task_result {
    uint32_t struct_size;
    gw_task_state state;
    int32_t progress; /* percent, 0..100 */
    gw_str task_id;   /* upstream task id */
    gw_str action;    /* e.g. "IMAGINE", "MUSIC" */
    gw_str result_url;
    gw_str fail_reason;
    gw_str data_json; /* the upstream's task object, stored as-is */
} gw_task_result;

typedef struct gw_task_sink {
    uint32_t struct_size;
    void* ctx;
    void(GW_ABI* set_result)(void* ctx, const gw_task_result* result); /* once per task */
    /* Billing multipliers (New API "other ratios": seconds, size, ...). */
    void(GW_ABI* set_ratio)(void* ctx, gw_str name, double value);
    /* The body to answer the client with, in the client's dialect. */
    void(GW_ABI* set_client_body)(void* ctx, int32_t http_status, gw_str body);
    const gw_error_sink* error;
    /* ---- 1.1 (present when struct_size reaches them; check before calling) ---- */
    /* [request] estimate: the model name the submit is billed and routed as ("mj_imagine"). */
    void(GW_ABI* set_model)(void* ctx, gw_str model);
    /* [request] estimate: this submit continues an earlier task (its upstream id); the host sends
     * it to that task's channel, or refuses it when the caller does not own that task. */
    void(GW_ABI* set_origin_task)(void* ctx, gw_str upstream_task_id);
} gw_task_sink;

typedef struct gw_task_provider {
    uint32_t struct_size;
    /* [request] Model name billed for this submit (e.g. "mj_imagine", "suno_music") and ratios. */
    gw_status(GW_ABI* estimate)(const gw_provider* self, const gw_request_info* info, gw_str body,
                                const gw_task_sink* out);
    /* [request] The submit request (req comes from provider->begin). */
    gw_status(GW_ABI* build_submit)(const gw_provider* self, void* req, gw_str body, const gw_upstream_sink* out,
                                    const gw_error_sink* err);
    /* [request] The upstream's answer to a submit: the task id and the client's answer. */
    gw_status(GW_ABI* parse_submit)(const gw_provider* self, void* req, int32_t status, gw_str body,
                                    const gw_task_sink* out);
    /* [any] A poll of upstream tasks; task_ids_json is a JSON array of upstream ids. */
    gw_status(GW_ABI* build_fetch)(const gw_provider* self, const gw_request_info* info, gw_str task_ids_json,
                                   const gw_upstream_sink* out, const gw_error_sink* err);
    /* [any] The poll's answer: one set_result per task. */
    gw_status(GW_ABI* parse_fetch)(const gw_provider* self, const gw_request_info* info, int32_t status, gw_str body,
                                   const gw_task_sink* out);
    /* ---- 1.1 (present when struct_size reaches them) ---- */
    /* How many upstream ids one build_fetch may carry (0 or absent: one). */
    int32_t fetch_batch;
    /* [any] Optional (NULL: the host fetches the task's result_url with a plain GET): the request
     * that downloads a finished task's content, e.g. a video file. */
    gw_status(GW_ABI* build_content)(const gw_provider* self, const gw_request_info* info, gw_str upstream_task_id,
                                     const gw_upstream_sink* out, const gw_error_sink* err);
} gw_task_provider;

#ifdef __cplusplus
}
#endif

#endif /* GW_ABI_TASK_H */
