/* Payment plugins: sign, verify and translate. The host alone owns orders, locking, idempotency
 * and crediting quota. Money crosses the boundary as integer minor units. Pure C99, append-only.
 */
#ifndef GW_ABI_PAYMENT_H
#define GW_ABI_PAYMENT_H

#include "host.h"
#include "provider.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gw_pay_order {
    uint32_t struct_size;
    gw_str trade_no;      /* host-generated, unique */
    int64_t amount_minor; /* amount to charge in the currency's smallest unit */
    gw_str currency;      /* "CNY", "USD" */
    gw_str method;        /* "alipay", "wxpay", "card" */
    gw_str subject;
    gw_str notify_url;
    gw_str return_url;
    gw_str client_ip;
    gw_str user_ref;  /* e.g. the user's email or customer id */
    int64_t quantity; /* units bought (Stripe line item quantity) */
    /* ---- 1.1 (present when struct_size reaches it) ---- */
    gw_str cancel_url; /* where a payer who gives up returns (hosted checkout pages) */
} gw_pay_order;

typedef int32_t gw_pay_action;
enum { GW_PAY_REDIRECT = 1, GW_PAY_FORM_POST = 2, GW_PAY_QR = 3 };

typedef struct gw_pay_action_sink {
    uint32_t struct_size;
    void* ctx;
    void(GW_ABI* set_action)(void* ctx, gw_pay_action kind, gw_str url); /* redirect, form action, QR */
    void(GW_ABI* add_field)(void* ctx, gw_str name, gw_str value);       /* form fields */
    void(GW_ABI* set_provider_ref)(void* ctx, gw_str ref);               /* e.g. a checkout session id */
    const gw_error_sink* error;
} gw_pay_action_sink;

typedef int32_t gw_pay_state;
enum { GW_PAY_PAID = 1, GW_PAY_PENDING = 2, GW_PAY_FAILED = 3, GW_PAY_EXPIRED = 4, GW_PAY_IGNORED = 5 };

/* A raw inbound notify or webhook, untouched. */
typedef struct gw_http_view {
    uint32_t struct_size;
    gw_str method;
    gw_str path;
    gw_str query;
    const gw_header* headers;
    size_t n_headers;
    gw_str body;
} gw_http_view;

typedef struct gw_notify_result {
    uint32_t struct_size;
    gw_pay_state state;
    gw_str trade_no;
    gw_str provider_txn_id;
    gw_str currency;
    gw_str pay_method;
    int64_t paid_amount_minor; /* < 0: not comparable with the order (the gateway's own prices) */
} gw_notify_result;

typedef struct gw_notify_sink {
    uint32_t struct_size;
    void* ctx;
    void(GW_ABI* set_result)(void* ctx, const gw_notify_result* result);
    /* What to answer the payment gateway with (e.g. "success" for EPay). */
    void(GW_ABI* set_reply)(void* ctx, int32_t http_status, gw_str content_type, gw_str body);
    const gw_error_sink* error;
} gw_notify_sink;

typedef struct gw_payment gw_payment;
struct gw_payment {
    uint32_t struct_size;
    void* plugin_data;
    void(GW_ABI* destroy)(const gw_payment* self); /* [main] */
    /* [request] May use host->http_fetch and return GW_PENDING (info->handle identifies the call). */
    gw_status(GW_ABI* create_order)(const gw_payment* self, const gw_request_info* info, const gw_pay_order* order,
                                    const gw_pay_action_sink* out);
    /* [request] Verify a notify/webhook and report what it says. Pure CPU. */
    gw_status(GW_ABI* verify_notify)(const gw_payment* self, const gw_http_view* request, const gw_notify_sink* out);
    /* [request] Optional (NULL): ask the gateway for an order's state. */
    gw_status(GW_ABI* query_order)(const gw_payment* self, const gw_request_info* info, gw_str trade_no,
                                   const gw_notify_sink* out);
};

typedef struct gw_payment_descriptor {
    uint32_t struct_size;
    const char* id;
    const char* name;
    const char* vendor;
    const char* version;
    const char* const* methods;       /* NULL-terminated: "alipay", "wxpay", "card" */
    const char* const* currencies;    /* NULL-terminated */
    const char* const* webhook_paths; /* NULL-terminated routes the host forwards to verify_notify */
    const char* config_schema_json;
} gw_payment_descriptor;

typedef struct gw_payment_factory gw_payment_factory;
struct gw_payment_factory {
    uint32_t struct_size;
    uint32_t(GW_ABI* count)(const gw_payment_factory* self);                               /* [any] */
    const gw_payment_descriptor*(GW_ABI* get)(const gw_payment_factory* self, uint32_t i); /* [any] */
    /* [any] An instance configured from the payment settings (JSON). NULL on failure. */
    const gw_payment*(GW_ABI* create)(const gw_payment_factory* self, const char* descriptor_id, gw_str config_json,
                                      const gw_error_sink* err);
};

#ifdef __cplusplus
}
#endif

#endif /* GW_ABI_PAYMENT_H */
