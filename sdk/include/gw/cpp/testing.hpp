// A fake host and a harness for plugin unit tests: load a plugin (.so or linked entry), create a
// provider, and drive one request through build / response / stream hooks without any network.
#pragma once

#include <gw/abi/entry.h>
#include <gw/abi/provider.h>
#include <gw/cpp/str.hpp>

#include <dlfcn.h>

#include <chrono>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace gw::testing {

struct ErrorRecord {
    bool set = false;
    int status = 0;
    std::string type, code, message;
    uint32_t flags = 0;
};

inline void GW_ABI record_error(void* ctx, int32_t status, gw_str type, gw_str code, gw_str message, uint32_t flags) {
    auto* e = static_cast<ErrorRecord*>(ctx);
    *e = ErrorRecord{true, status, to_string(type), to_string(code), to_string(message), flags};
}

// A host table backed by plain maps; logs and metrics are recorded for assertions.
class FakeHost {
public:
    FakeHost() {
        self() = this;
        table_.struct_size = sizeof(gw_host);
        table_.abi = {GW_ABI_MAJOR, GW_ABI_MINOR, GW_ABI_PATCH};
        table_.host_name = to_str("fake-host");
        table_.host_version = to_str("test");
        table_.log = [](gw_str id, gw_log_level lvl, gw_str msg) {
            self()->logs.push_back({lvl, to_string(id) + ": " + to_string(msg)});
        };
        table_.log_enabled = [](gw_log_level) -> int32_t { return 1; };
        table_.now_unix_ms = []() -> int64_t { return self()->now_ms; };
        table_.monotonic_ns = []() -> int64_t { return std::chrono::steady_clock::now().time_since_epoch().count(); };
        table_.kv_get = [](gw_str key, const gw_buffer_sink* out) -> int32_t {
            auto it = self()->kv.find(to_string(key));
            if (it == self()->kv.end()) return 0;
            out->append(out->ctx, to_str(it->second));
            return 1;
        };
        table_.kv_set = [](gw_str key, gw_str value, uint32_t) { self()->kv[to_string(key)] = to_string(value); };
    }
    ~FakeHost() { self() = nullptr; }
    FakeHost(const FakeHost&) = delete;
    FakeHost& operator=(const FakeHost&) = delete;

    const gw_host* table() const noexcept { return &table_; }
    // For harnesses that add services (gw/cpp/payment_testing.hpp: crypto, HTTP calls).
    gw_host& slots() noexcept { return table_; }

    std::vector<std::pair<gw_log_level, std::string>> logs;
    std::map<std::string, std::string> kv;
    int64_t now_ms = 1700000000000;

private:
    static FakeHost*& self() {
        static FakeHost* current = nullptr;
        return current;
    }
    gw_host table_{};
};

struct BuiltRequest {
    gw_status status = GW_OK;
    std::string method, url, body;
    std::vector<std::pair<std::string, std::string>> headers;
    bool original_body = false;
    gw_framing framing = GW_FRAMING_NONE;
    ErrorRecord error;
    std::string header(std::string_view name) const {
        for (const auto& [n, v] : headers)
            if (iequals(n, name)) return v;
        return {};
    }
};

struct Emitted {
    std::string event, data;
};

struct ParseResult {
    gw_status status = GW_OK;
    std::vector<Emitted> events;
    bool usage_reported = false;
    gw_usage usage{};
    std::map<std::string, std::string> meta;
    ErrorRecord error;
};

// The request a test sends; strings are owned here so the views given to the plugin stay valid.
struct RequestSpec {
    gw_api_kind api = GW_API_CHAT;
    gw_wire body_wire = GW_WIRE_OPENAI;
    gw_wire client_wire = GW_WIRE_OPENAI;
    bool stream = false;
    int channel_type = 1;
    int64_t channel_id = 1;
    std::string origin_model, upstream_model, base_url, api_key = "sk-test", request_id = "req-1",
                                                        client_path = "/v1/chat/completions";
    std::vector<std::pair<std::string, std::string>> client_headers;
};

// Splits an SSE text (a recorded fixture) into events.
inline std::vector<gw_stream_event> split_sse(const std::string& text, std::vector<std::string>& storage) {
    storage.clear();
    std::vector<std::pair<std::string, std::string>> parsed;
    std::string event, data;
    bool has_data = false;
    size_t pos = 0;
    auto flush = [&] {
        if (has_data || !event.empty()) parsed.push_back({event, data});
        event.clear();
        data.clear();
        has_data = false;
    };
    while (pos <= text.size()) {
        size_t nl = text.find('\n', pos);
        std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) {
            flush();
        } else if (line.rfind("event:", 0) == 0) {
            event = line.substr(line.size() > 6 && line[6] == ' ' ? 7 : 6);
        } else if (line.rfind("data:", 0) == 0) {
            if (has_data) data += '\n';
            data += line.substr(line.size() > 5 && line[5] == ' ' ? 6 : 5);
            has_data = true;
        }
        if (nl == std::string::npos) break;
        pos = nl + 1;
    }
    flush();
    storage.reserve(parsed.size() * 2);
    for (auto& [e, d] : parsed) {
        storage.push_back(e);
        storage.push_back(d);
    }
    std::vector<gw_stream_event> events;
    for (size_t i = 0; i < storage.size(); i += 2)
        events.push_back(
            gw_stream_event{sizeof(gw_stream_event), to_str(storage[i]), to_str(storage[i + 1]), to_str("")});
    return events;
}

// One request through one provider instance: begin on construction, end on destruction.
class Call {
public:
    Call(const gw_provider* provider, RequestSpec spec) : p_(provider), spec_(std::move(spec)) {
        for (const auto& [n, v] : spec_.client_headers) headers_.push_back(gw_header{to_str(n), to_str(v)});
        info_ = gw_request_info{sizeof(gw_request_info),
                                spec_.api,
                                spec_.body_wire,
                                spec_.client_wire,
                                spec_.stream ? 1 : 0,
                                0,
                                spec_.channel_type,
                                spec_.channel_id,
                                to_str(spec_.origin_model),
                                to_str(spec_.upstream_model.empty() ? spec_.origin_model : spec_.upstream_model),
                                to_str(spec_.base_url),
                                to_str(spec_.api_key),
                                to_str(spec_.request_id),
                                to_str(spec_.client_path),
                                headers_.data(),
                                headers_.size(),
                                nullptr};
        if (p_->begin(p_, &info_, &req_) != GW_OK) throw std::runtime_error("begin failed");
    }
    ~Call() {
        if (req_) p_->end(p_, req_);
    }
    Call(const Call&) = delete;
    Call& operator=(const Call&) = delete;

    BuiltRequest build(std::string_view body) {
        BuiltRequest out;
        gw_upstream_sink sink{sizeof(gw_upstream_sink),
                              &out,
                              [](void* c, gw_str m) { static_cast<BuiltRequest*>(c)->method = to_string(m); },
                              [](void* c, gw_str u) { static_cast<BuiltRequest*>(c)->url = to_string(u); },
                              [](void* c, gw_str n, gw_str v) {
                                  static_cast<BuiltRequest*>(c)->headers.push_back({to_string(n), to_string(v)});
                              },
                              [](void* c, gw_str b) { static_cast<BuiltRequest*>(c)->body += to_view(b); },
                              [](void* c) { static_cast<BuiltRequest*>(c)->original_body = true; },
                              [](void* c, gw_framing f) { static_cast<BuiltRequest*>(c)->framing = f; }};
        gw_error_sink err{sizeof(gw_error_sink), &out.error, &record_error};
        out.status = p_->build_request(p_, req_, to_str(body), &sink, &err);
        if (out.original_body) out.body = std::string(body);
        framing_ = out.framing;
        return out;
    }

    ParseResult respond(int status, std::string_view body,
                        std::vector<std::pair<std::string, std::string>> headers = {}) {
        ParseResult r;
        r.status = head(status, headers, r);
        if (r.status != GW_OK) return r;
        OutputCtx ctx{r};
        gw_output_sink sink = output_sink(ctx, r);
        r.status = p_->parse_response(p_, req_, status, to_str(body), &sink);
        return r;
    }

    ParseResult stream(int status, const std::string& sse_text,
                       std::vector<std::pair<std::string, std::string>> headers = {}) {
        ParseResult r;
        r.status = head(status, headers, r);
        if (r.status != GW_OK) return r;
        OutputCtx ctx{r};
        gw_output_sink sink = output_sink(ctx, r);
        std::vector<std::string> storage;
        for (const auto& ev : split_sse(sse_text, storage)) {
            r.status = p_->parse_stream_event(p_, req_, &ev, &sink);
            if (r.status != GW_OK) return r;
        }
        r.status = p_->finish_stream(p_, req_, &sink);
        return r;
    }

    gw_framing framing() const noexcept { return framing_; }

private:
    struct OutputCtx {
        ParseResult& r;
    };
    gw_status head(int status, const std::vector<std::pair<std::string, std::string>>& headers, ParseResult& r) {
        std::vector<gw_header> hs;
        for (const auto& [n, v] : headers) hs.push_back(gw_header{to_str(n), to_str(v)});
        gw_error_sink err{sizeof(gw_error_sink), &r.error, &record_error};
        return p_->on_response_head(p_, req_, status, hs.data(), hs.size(), &framing_, &err);
    }
    gw_output_sink output_sink(OutputCtx& ctx, ParseResult& r) {
        err_ = gw_error_sink{sizeof(gw_error_sink), &r.error, &record_error};
        return gw_output_sink{
            sizeof(gw_output_sink),
            &ctx,
            [](void* c, gw_str e, gw_str d) {
                static_cast<OutputCtx*>(c)->r.events.push_back({to_string(e), to_string(d)});
            },
            [](void* c, const gw_usage* u) {
                auto& res = static_cast<OutputCtx*>(c)->r;
                res.usage = read_sized(u);
                res.usage_reported = true;
            },
            [](void* c, gw_str k, gw_str v) { static_cast<OutputCtx*>(c)->r.meta[to_string(k)] = to_string(v); },
            &err_};
    }

    const gw_provider* p_;
    RequestSpec spec_;
    std::vector<gw_header> headers_;
    gw_request_info info_{};
    void* req_ = nullptr;
    gw_framing framing_ = GW_FRAMING_NONE;
    gw_error_sink err_{};
};

// A loaded plugin: dlopen'd from a path, initialised against a FakeHost.
class LoadedPlugin {
public:
    LoadedPlugin(const std::string& path, const FakeHost& host) {
        handle_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!handle_) throw std::runtime_error(std::string("dlopen: ") + dlerror());
        entry_ = static_cast<const gw_plugin_entry*>(dlsym(handle_, GW_ENTRY_SYMBOL));
        if (!entry_) throw std::runtime_error("no entry symbol");
        ErrorRecord err;
        gw_error_sink sink{sizeof(gw_error_sink), &err, &record_error};
        if (entry_->init(host.table(), to_str(""), &sink) != GW_OK)
            throw std::runtime_error("init failed: " + err.message);
    }
    ~LoadedPlugin() {
        for (const gw_provider* p : created_) p->destroy(p);
        if (entry_) entry_->deinit();
        // never dlclose: plugin code may still be referenced by static destructors
    }
    LoadedPlugin(const LoadedPlugin&) = delete;
    LoadedPlugin& operator=(const LoadedPlugin&) = delete;

    const gw_plugin_entry& entry() const { return *entry_; }
    const gw_provider_factory* providers() const {
        return static_cast<const gw_provider_factory*>(entry_->get_factory(GW_FACTORY_PROVIDER));
    }
    // A provider instance, destroyed with the plugin.
    const gw_provider* create(const std::string& id, const std::string& channel_json = "{}") {
        ErrorRecord err;
        gw_error_sink sink{sizeof(gw_error_sink), &err, &record_error};
        const gw_provider* p = providers()->create(providers(), id.c_str(), to_str(channel_json), &sink);
        if (!p) throw std::runtime_error("create failed: " + err.message);
        created_.push_back(p);
        return p;
    }

private:
    void* handle_ = nullptr;
    const gw_plugin_entry* entry_ = nullptr;
    std::vector<const gw_provider*> created_;
};

}  // namespace gw::testing
