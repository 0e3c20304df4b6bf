// Fluent wrappers over the host-provided sinks. Each call copies into the host at once.
#pragma once

#include <gw/abi/provider.h>
#include <gw/cpp/str.hpp>

#include <string_view>

namespace gw {

class ErrorSink {
public:
    explicit ErrorSink(const gw_error_sink* sink) noexcept : sink_(sink) {}
    void set(int32_t http_status, std::string_view type, std::string_view code, std::string_view message,
             uint32_t flags) const noexcept {
        if (sink_ && sink_->set)
            sink_->set(sink_->ctx, http_status, to_str(type), to_str(code), to_str(message), flags);
    }

private:
    const gw_error_sink* sink_;
};

class UpstreamRequest {
public:
    explicit UpstreamRequest(const gw_upstream_sink* sink) noexcept : sink_(sink) {}
    UpstreamRequest& method(std::string_view m) noexcept {
        sink_->set_method(sink_->ctx, to_str(m));
        return *this;
    }
    UpstreamRequest& url(std::string_view u) noexcept {
        sink_->set_url(sink_->ctx, to_str(u));
        return *this;
    }
    UpstreamRequest& header(std::string_view name, std::string_view value) noexcept {
        sink_->add_header(sink_->ctx, to_str(name), to_str(value));
        return *this;
    }
    UpstreamRequest& body(std::string_view bytes) noexcept {
        sink_->append_body(sink_->ctx, to_str(bytes));
        return *this;
    }
    UpstreamRequest& original_body() noexcept {
        sink_->use_original_body(sink_->ctx);
        return *this;
    }
    UpstreamRequest& framing(gw_framing f) noexcept {
        sink_->set_framing(sink_->ctx, f);
        return *this;
    }

private:
    const gw_upstream_sink* sink_;
};

class Output {
public:
    explicit Output(const gw_output_sink* sink) noexcept : sink_(sink) {}
    void emit(std::string_view data) const noexcept { emit({}, data); }
    void emit(std::string_view event, std::string_view data) const noexcept {
        sink_->emit(sink_->ctx, to_str(event), to_str(data));
    }
    void usage(const gw_usage& u) const noexcept { sink_->report_usage(sink_->ctx, &u); }
    void meta(std::string_view key, std::string_view value) const noexcept {
        if (sink_->set_meta) sink_->set_meta(sink_->ctx, to_str(key), to_str(value));
    }
    ErrorSink error() const noexcept { return ErrorSink(sink_->error); }

private:
    const gw_output_sink* sink_;
};

}  // namespace gw
