// Base class for provider plugins. Override the hooks you need; every thunk into them catches
// exceptions, so nothing but a status code ever crosses the C boundary.
#pragma once

#include <gw/abi/provider.h>
#include <gw/cpp/sinks.hpp>
#include <gw/cpp/str.hpp>

#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace gw {

// The request as the host described it. The views stay valid until the request ends.
struct RequestInfo {
    gw_api_kind api = 0;
    gw_wire body_wire = GW_WIRE_NONE;
    gw_wire client_wire = GW_WIRE_NONE;
    bool stream = false;
    int attempt = 0;
    int channel_type = 0;
    int64_t channel_id = 0;
    std::string_view origin_model, upstream_model, base_url, api_key, request_id, client_path;
    const gw_header* client_headers = nullptr;
    size_t n_client_headers = 0;
    gw_req_handle* handle = nullptr;

    static RequestInfo from(const gw_request_info* raw) noexcept {
        gw_request_info in = read_sized(raw);
        RequestInfo r;
        r.api = in.api;
        r.body_wire = in.body_wire;
        r.client_wire = in.client_wire;
        r.stream = in.stream != 0;
        r.attempt = in.attempt;
        r.channel_type = in.channel_type;
        r.channel_id = in.channel_id;
        r.origin_model = to_view(in.origin_model);
        r.upstream_model = to_view(in.upstream_model);
        r.base_url = to_view(in.base_url);
        r.api_key = to_view(in.api_key);
        r.request_id = to_view(in.request_id);
        r.client_path = to_view(in.client_path);
        r.client_headers = in.client_headers;
        r.n_client_headers = in.n_client_headers;
        r.handle = in.handle;
        return r;
    }

    // A client header by case-insensitive name, empty when absent.
    std::string_view client_header(std::string_view name) const noexcept {
        return find_header(client_headers, n_client_headers, name);
    }
};

// Per-request state; derive from it to keep parser state between stream events.
class Request {
public:
    explicit Request(const RequestInfo& info) : info(info) {}
    virtual ~Request() = default;
    RequestInfo info;
};

struct ResponseHead {
    int status = 0;
    const gw_header* headers = nullptr;
    size_t n_headers = 0;
    std::string_view header(std::string_view name) const noexcept;
};

class Provider {
public:
    Provider();
    virtual ~Provider() = default;
    Provider(const Provider&) = delete;
    Provider& operator=(const Provider&) = delete;

    virtual std::unique_ptr<Request> begin(const RequestInfo& info) { return std::make_unique<Request>(info); }
    virtual gw_status build_request(Request& req, std::string_view body, UpstreamRequest& out,
                                    const ErrorSink& err) = 0;
    virtual gw_status on_response_head(Request&, const ResponseHead&, gw_framing&, const ErrorSink&) { return GW_OK; }
    virtual gw_status parse_response(Request& req, int status, std::string_view body, const Output& out) = 0;
    virtual gw_status parse_stream_event(Request&, const gw_stream_event&, const Output&) { return GW_ERR_UNSUPPORTED; }
    virtual gw_status finish_stream(Request&, const Output&) { return GW_OK; }
    virtual const void* extension(const char*) { return nullptr; }

    const gw_provider* vtable() const noexcept { return &vtable_; }
    static Provider* self(const gw_provider* p) noexcept { return static_cast<Provider*>(p->plugin_data); }

private:
    gw_provider vtable_{};
};

// Reports a caught exception as an internal plugin error.
inline gw_status report_exception(const gw_error_sink* err, const char* what) noexcept {
    ErrorSink(err).set(500, "new_api_error", "plugin_exception", what ? what : "unknown exception", 0);
    return GW_ERR_INTERNAL;
}

#define GW_CATCH_(errsink)                                  \
    catch (const std::exception& e) {                       \
        return ::gw::report_exception((errsink), e.what()); \
    }                                                       \
    catch (...) {                                           \
        return ::gw::report_exception((errsink), nullptr);  \
    }

namespace detail {

inline void GW_ABI destroy(const gw_provider* p) {
    delete Provider::self(p);
}

inline const void* GW_ABI get_extension(const gw_provider* p, const char* id) {
    try {
        return Provider::self(p)->extension(id);
    } catch (...) {
        return nullptr;
    }
}

inline gw_status GW_ABI begin(const gw_provider* p, const gw_request_info* info, void** req) {
    try {
        *req = Provider::self(p)->begin(RequestInfo::from(info)).release();
        return GW_OK;
    } catch (...) {
        *req = nullptr;
        return GW_ERR_INTERNAL;
    }
}

inline gw_status GW_ABI build_request(const gw_provider* p, void* req, gw_str body, const gw_upstream_sink* out,
                                      const gw_error_sink* err) {
    try {
        UpstreamRequest up(out);
        return Provider::self(p)->build_request(*static_cast<Request*>(req), to_view(body), up, ErrorSink(err));
    }
    GW_CATCH_(err)
}

inline gw_status GW_ABI on_response_head(const gw_provider* p, void* req, int32_t status, const gw_header* headers,
                                         size_t n, gw_framing* framing, const gw_error_sink* err) {
    try {
        ResponseHead head{status, headers, n};
        return Provider::self(p)->on_response_head(*static_cast<Request*>(req), head, *framing, ErrorSink(err));
    }
    GW_CATCH_(err)
}

inline gw_status GW_ABI parse_response(const gw_provider* p, void* req, int32_t status, gw_str body,
                                       const gw_output_sink* out) {
    try {
        return Provider::self(p)->parse_response(*static_cast<Request*>(req), status, to_view(body), Output(out));
    }
    GW_CATCH_(out->error)
}

inline gw_status GW_ABI parse_stream_event(const gw_provider* p, void* req, const gw_stream_event* ev,
                                           const gw_output_sink* out) {
    try {
        gw_stream_event e = read_sized(ev);
        return Provider::self(p)->parse_stream_event(*static_cast<Request*>(req), e, Output(out));
    }
    GW_CATCH_(out->error)
}

inline gw_status GW_ABI finish_stream(const gw_provider* p, void* req, const gw_output_sink* out) {
    try {
        return Provider::self(p)->finish_stream(*static_cast<Request*>(req), Output(out));
    }
    GW_CATCH_(out->error)
}

inline void GW_ABI end(const gw_provider*, void* req) {
    delete static_cast<Request*>(req);
}

}  // namespace detail

inline Provider::Provider() {
    vtable_.struct_size = sizeof(gw_provider);
    vtable_.plugin_data = this;
    vtable_.destroy = &detail::destroy;
    vtable_.get_extension = &detail::get_extension;
    vtable_.begin = &detail::begin;
    vtable_.build_request = &detail::build_request;
    vtable_.on_response_head = &detail::on_response_head;
    vtable_.parse_response = &detail::parse_response;
    vtable_.parse_stream_event = &detail::parse_stream_event;
    vtable_.finish_stream = &detail::finish_stream;
    vtable_.end = &detail::end;
}

inline std::string_view ResponseHead::header(std::string_view name) const noexcept {
    return find_header(headers, n_headers, name);
}

}  // namespace gw
