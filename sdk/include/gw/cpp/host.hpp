// Typed access to the host services table for plugin code.
#pragma once

#include <gw/abi/host.h>
#include <gw/cpp/str.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace gw {

class Host {
public:
    // Set by the plugin's init; valid until the last deinit.
    static void attach(const gw_host* host, std::string_view plugin_id) noexcept {
        slot() = host;
        id() = plugin_id;
    }
    static const gw_host* raw() noexcept { return slot(); }

    static void log(gw_log_level level, std::string_view message) noexcept {
        const gw_host* h = slot();
        if (GW_HOST_HAS(h, log)) h->log(to_str(id()), level, to_str(message));
    }
    static void info(std::string_view m) noexcept { log(GW_LOG_INFO, m); }
    static void warn(std::string_view m) noexcept { log(GW_LOG_WARN, m); }
    static void error(std::string_view m) noexcept { log(GW_LOG_ERROR, m); }

    static int64_t now_ms() noexcept {
        const gw_host* h = slot();
        return GW_HOST_HAS(h, now_unix_ms) ? h->now_unix_ms() : 0;
    }

    static std::optional<std::string> kv_get(std::string_view key) {
        const gw_host* h = slot();
        if (!GW_HOST_HAS(h, kv_get)) return std::nullopt;
        std::string value;
        gw_buffer_sink sink{sizeof(gw_buffer_sink), &value, &append_to_string};
        if (!h->kv_get(to_str(key), &sink)) return std::nullopt;
        return value;
    }
    static void kv_set(std::string_view key, std::string_view value, uint32_t ttl_seconds) noexcept {
        const gw_host* h = slot();
        if (GW_HOST_HAS(h, kv_set)) h->kv_set(to_str(key), to_str(value), ttl_seconds);
    }

    // Raw digest / HMAC bytes; empty when the host lacks the service.
    static std::string digest(gw_digest_alg alg, std::string_view data) {
        const gw_host* h = slot();
        std::string out;
        gw_buffer_sink sink{sizeof(gw_buffer_sink), &out, &append_to_string};
        if (GW_HOST_HAS(h, digest)) h->digest(alg, to_str(data), &sink);
        return out;
    }
    static std::string hmac(gw_digest_alg alg, std::string_view key, std::string_view data) {
        const gw_host* h = slot();
        std::string out;
        gw_buffer_sink sink{sizeof(gw_buffer_sink), &out, &append_to_string};
        if (GW_HOST_HAS(h, hmac)) h->hmac(alg, to_str(key), to_str(data), &sink);
        return out;
    }

    static void GW_ABI append_to_string(void* ctx, gw_str bytes) noexcept {
        try {
            static_cast<std::string*>(ctx)->append(to_view(bytes));
        } catch (...) {
        }
    }

private:
    static const gw_host*& slot() noexcept {
        static const gw_host* host = nullptr;
        return host;
    }
    static std::string_view& id() noexcept {
        static std::string_view plugin_id;
        return plugin_id;
    }
};

}  // namespace gw
