#include "plugin/host_table.hpp"

#include "app/version.hpp"
#include "common/log.hpp"
#include "plugin/abi_str.hpp"
#include "plugin/aux_call.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>
#include <atomic>
#include <chrono>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gw::plugin {
namespace {

std::string_view view(gw_str s) {
    return s.ptr ? std::string_view(s.ptr, s.len) : std::string_view();
}

void GW_ABI host_log(gw_str plugin_id, gw_log_level level, gw_str message) {
    auto l = static_cast<log::Level>(level < 0 ? 0 : (level > 3 ? 3 : level));
    log::write(l, "plugin " + std::string(view(plugin_id)) + ": " + std::string(view(message)));
}

int32_t GW_ABI host_log_enabled(gw_log_level level) {
    return log::enabled(static_cast<log::Level>(level < 0 ? 0 : (level > 3 ? 3 : level))) ? 1 : 0;
}

int64_t GW_ABI now_unix_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int64_t GW_ABI monotonic_ns() {
    using namespace std::chrono;
    return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();
}

// Values sit in a fixed array so metric_add (any thread, hot paths) takes no lock.
struct Metrics {
    static constexpr size_t kMax = 4096;
    std::mutex mutex;  // defining only
    std::unordered_map<std::string, uint32_t> ids;
    std::vector<std::pair<std::string, gw_metric_kind>> defined;  // by id - 1
    std::array<std::atomic<int64_t>, kMax> values{};
};
Metrics& metrics() {
    static Metrics m;
    return m;
}

uint32_t GW_ABI metric_define(gw_str name, gw_metric_kind kind) {
    Metrics& m = metrics();
    std::lock_guard lock(m.mutex);
    std::string key(view(name));
    if (auto it = m.ids.find(key); it != m.ids.end()) return it->second;
    if (m.defined.size() >= Metrics::kMax || key.empty()) return 0;
    m.defined.emplace_back(key, kind);
    auto id = static_cast<uint32_t>(m.defined.size());
    m.ids.emplace(std::move(key), id);
    return id;
}

void GW_ABI metric_add(uint32_t id, int64_t delta) {
    if (id >= 1 && id <= Metrics::kMax) metrics().values[id - 1].fetch_add(delta, std::memory_order_relaxed);
}

struct KvEntry {
    std::string value;
    std::chrono::steady_clock::time_point expires;
};
std::mutex kv_mutex;
std::unordered_map<std::string, KvEntry> kv;

int32_t GW_ABI kv_get(gw_str key, const gw_buffer_sink* out) {
    std::lock_guard lock(kv_mutex);
    auto it = kv.find(std::string(view(key)));
    if (it == kv.end()) return 0;
    if (it->second.expires < std::chrono::steady_clock::now()) {
        kv.erase(it);
        return 0;
    }
    out->append(out->ctx, gw_str{it->second.value.data(), it->second.value.size()});
    return 1;
}

void GW_ABI kv_set(gw_str key, gw_str value, uint32_t ttl_seconds) {
    std::lock_guard lock(kv_mutex);
    kv[std::string(view(key))] = {std::string(view(value)),
                                  std::chrono::steady_clock::now() + std::chrono::seconds(ttl_seconds)};
}

gw_status GW_ABI random_bytes(void* out, size_t len) {
    return RAND_bytes(static_cast<unsigned char*>(out), static_cast<int>(len)) == 1 ? GW_OK : GW_ERR_INTERNAL;
}

const EVP_MD* md_of(gw_digest_alg alg) {
    switch (alg) {
        case GW_DIGEST_MD5:
            return EVP_md5();
        case GW_DIGEST_SHA1:
            return EVP_sha1();
        case GW_DIGEST_SHA256:
            return EVP_sha256();
        case GW_DIGEST_SHA512:
            return EVP_sha512();
        default:
            return nullptr;
    }
}

gw_status GW_ABI digest(gw_digest_alg alg, gw_str data, const gw_buffer_sink* out) {
    const EVP_MD* md = md_of(alg);
    if (!md) return GW_ERR_BAD_ARGUMENT;
    unsigned char buf[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (EVP_Digest(data.ptr, data.len, buf, &n, md, nullptr) != 1) return GW_ERR_INTERNAL;
    out->append(out->ctx, gw_str{reinterpret_cast<const char*>(buf), n});
    return GW_OK;
}

gw_status GW_ABI hmac(gw_digest_alg alg, gw_str key, gw_str data, const gw_buffer_sink* out) {
    const EVP_MD* md = md_of(alg);
    if (!md) return GW_ERR_BAD_ARGUMENT;
    unsigned char buf[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (!HMAC(md, key.ptr, static_cast<int>(key.len), reinterpret_cast<const unsigned char*>(data.ptr), data.len, buf,
              &n))
        return GW_ERR_INTERNAL;
    out->append(out->ctx, gw_str{reinterpret_cast<const char*>(buf), n});
    return GW_OK;
}

const void* GW_ABI get_extension(const char*) {
    return nullptr;
}

gw_status GW_ABI http_fetch(gw_req_handle* handle, const gw_http_request* raw, gw_http_done_fn done, void* user) {
    AuxCall* call = AuxCall::from(handle);
    if (!call || !raw || !done || call->requested) return GW_ERR_UNSUPPORTED;  // one call per round
    gw_http_request r = read_sized(raw);
    call->method = copy_abi(r.method);
    call->url = copy_abi(r.url);
    call->body = copy_abi(r.body);
    call->headers.clear();
    for (size_t i = 0; i < r.n_headers; ++i)
        call->headers.emplace_back(copy_abi(r.headers[i].name), copy_abi(r.headers[i].value));
    call->timeout_ms = r.timeout_ms;
    call->done = done;
    call->user = user;
    call->requested = true;
    return GW_OK;
}

void GW_ABI resume(gw_req_handle* handle) {
    if (AuxCall* call = AuxCall::from(handle)) call->resumed = true;
}

gw_host make_table() {
    gw_host h{};
    h.struct_size = sizeof(gw_host);
    h.abi = {GW_ABI_MAJOR, GW_ABI_MINOR, GW_ABI_PATCH};
    h.host_name = {"new-api", 7};
    h.host_version = {kVersion, std::char_traits<char>::length(kVersion)};
    h.log = &host_log;
    h.log_enabled = &host_log_enabled;
    h.now_unix_ms = &now_unix_ms;
    h.monotonic_ns = &monotonic_ns;
    h.metric_define = &metric_define;
    h.metric_add = &metric_add;
    h.kv_get = &kv_get;
    h.kv_set = &kv_set;
    h.http_fetch = &http_fetch;  // only for handles the host made as AuxCall (payments)
    h.resume = &resume;
    h.random_bytes = &random_bytes;
    h.digest = &digest;
    h.hmac = &hmac;
    h.get_extension = &get_extension;
    return h;
}

}  // namespace

const gw_host* host_table() {
    static const gw_host table = make_table();
    return &table;
}

int64_t metric_value(const std::string& name) {
    Metrics& m = metrics();
    std::lock_guard lock(m.mutex);
    auto it = m.ids.find(name);
    return it == m.ids.end() ? 0 : m.values[it->second - 1].load();
}

void for_each_metric(const std::function<void(const std::string&, bool counter, int64_t)>& fn) {
    Metrics& m = metrics();
    std::lock_guard lock(m.mutex);
    for (size_t i = 0; i < m.defined.size(); ++i)
        fn(m.defined[i].first, m.defined[i].second == GW_METRIC_COUNTER, m.values[i].load());
}

}  // namespace gw::plugin
