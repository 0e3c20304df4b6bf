#include "app/config.hpp"

#include <pugixml.hpp>

#include <unistd.h>
#include <charconv>
#include <filesystem>
#include <functional>
#include <random>

extern char** environ;

namespace gw {
namespace {

// One setting: its XML element, its environment variable, and how to store a text value.
struct Setting {
    const char* key;
    const char* env;
    std::function<void(Config&, const std::string&)> set;
};

std::string describe(const char* key, const char* env, const std::string& value, const std::string& expected) {
    return std::string("invalid value '") + value + "' for " + env + " (config key " + key + "): expected " + expected;
}

auto int_setting(const char* key, const char* env, int Config::*field, int lo, int hi) {
    return Setting{key, env, [=](Config& c, const std::string& v) {
                       int n = 0;
                       auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
                       if (ec != std::errc() || p != v.data() + v.size() || n < lo || n > hi)
                           throw ConfigError(describe(
                               key, env, v, "an integer from " + std::to_string(lo) + " to " + std::to_string(hi)));
                       c.*field = n;
                   }};
}

auto bool_setting(const char* key, const char* env, bool Config::*field) {
    return Setting{key, env, [=](Config& c, const std::string& v) {
                       if (v == "true" || v == "1" || v == "TRUE" || v == "True")
                           c.*field = true;
                       else if (v == "false" || v == "0" || v == "FALSE" || v == "False")
                           c.*field = false;
                       else
                           throw ConfigError(describe(key, env, v, "true or false"));
                   }};
}

auto string_setting(const char* key, const char* env, std::string Config::*field) {
    return Setting{key, env, [=](Config& c, const std::string& v) { c.*field = v; }};
}

auto enum_setting(const char* key, const char* env, std::string Config::*field, std::vector<std::string> allowed) {
    return Setting{key, env, [=](Config& c, const std::string& v) {
                       for (const auto& a : allowed)
                           if (a == v) {
                               c.*field = v;
                               return;
                           }
                       std::string list;
                       for (const auto& a : allowed) list += (list.empty() ? "" : " or ") + a;
                       throw ConfigError(describe(key, env, v, list));
                   }};
}

const std::vector<Setting>& settings() {
    static const std::vector<Setting> all = {
        int_setting("port", "PORT", &Config::port, 1, 65535),
        string_setting("sql_dsn", "SQL_DSN", &Config::sql_dsn),
        string_setting("sqlite_path", "SQLITE_PATH", &Config::sqlite_path),
        string_setting("log_sql_dsn", "LOG_SQL_DSN", &Config::log_sql_dsn),
        int_setting("sql_max_open_conns", "SQL_MAX_OPEN_CONNS", &Config::sql_max_open_conns, 2, 100000),
        int_setting("sql_max_idle_conns", "SQL_MAX_IDLE_CONNS", &Config::sql_max_idle_conns, 1, 100000),
        int_setting("sql_max_lifetime", "SQL_MAX_LIFETIME", &Config::sql_max_lifetime, 1, 86400),
        string_setting("session_secret", "SESSION_SECRET", &Config::session_secret),
        string_setting("crypto_secret", "CRYPTO_SECRET", &Config::crypto_secret),
        int_setting("max_request_body_mb", "MAX_REQUEST_BODY_MB", &Config::max_request_body_mb, 1, 2048),
        int_setting("streaming_timeout", "STREAMING_TIMEOUT", &Config::streaming_timeout, 1, 86400),
        int_setting("relay_timeout", "RELAY_TIMEOUT", &Config::relay_timeout, 0, 86400),
        int_setting("sync_frequency", "SYNC_FREQUENCY", &Config::sync_frequency, 1, 86400),
        enum_setting("node_type", "NODE_TYPE", &Config::node_type, {"master", "slave"}),
        string_setting("node_name", "NODE_NAME", &Config::node_name),
        string_setting("tz", "TZ", &Config::tz),
        string_setting("plugin_dir", "PLUGIN_DIR", &Config::plugin_dir),
        int_setting("plugin_watch_interval", "PLUGIN_WATCH_INTERVAL", &Config::plugin_watch_interval, 0, 3600),
        string_setting("log_dir", "LOG_DIR", &Config::log_dir),
        string_setting("web_dir", "WEB_DIR", &Config::web_dir),
        string_setting("tokenizer_dir", "TOKENIZER_DIR", &Config::tokenizer_dir),
        int_setting("relay_io_threads", "RELAY_IO_THREADS", &Config::relay_io_threads, 0, 64),
        bool_setting("memory_cache_enabled", "MEMORY_CACHE_ENABLED", &Config::memory_cache_enabled),
        string_setting("redis_conn_string", "REDIS_CONN_STRING", &Config::redis_conn_string),
        bool_setting("batch_update_enabled", "BATCH_UPDATE_ENABLED", &Config::batch_update_enabled),
        int_setting("batch_update_interval", "BATCH_UPDATE_INTERVAL", &Config::batch_update_interval, 1, 3600),
        string_setting("billing_journal_dir", "BILLING_JOURNAL_DIR", &Config::billing_journal_dir),
        int_setting("billing_journal_sync_ms", "BILLING_JOURNAL_SYNC_MS", &Config::billing_journal_sync_ms, 1, 1000),
        bool_setting("error_log_enabled", "ERROR_LOG_ENABLED", &Config::error_log_enabled),
        int_setting("stream_scanner_max_buffer_mb", "STREAM_SCANNER_MAX_BUFFER_MB",
                    &Config::stream_scanner_max_buffer_mb, 1, 1024),
        string_setting("azure_default_api_version", "AZURE_DEFAULT_API_VERSION", &Config::azure_default_api_version),
        int_setting("channel_test_frequency", "CHANNEL_TEST_FREQUENCY", &Config::channel_test_frequency, 0, 100000),
        string_setting("trusted_redirect_domains", "TRUSTED_REDIRECT_DOMAINS", &Config::trusted_redirect_domains),
        int_setting("task_poll_interval", "TASK_POLL_INTERVAL", &Config::task_poll_interval, 1, 86400),
        int_setting("task_query_limit", "TASK_QUERY_LIMIT", &Config::task_query_limit, 1, 100000),
        int_setting("task_timeout_minutes", "TASK_TIMEOUT_MINUTES", &Config::task_timeout_minutes, 1, 5256000),
        int_setting("http_threads", "HTTP_THREADS", &Config::http_threads, 1, 64),
        int_setting("api_workers", "API_WORKERS", &Config::api_workers, 1, 256),
        int_setting("shutdown_timeout", "SHUTDOWN_TIMEOUT", &Config::shutdown_timeout, 0, 3600),
        bool_setting("debug", "DEBUG", &Config::debug),
        enum_setting("log_format", "LOG_FORMAT", &Config::log_format, {"text", "json"}),
        bool_setting("access_log", "ACCESS_LOG", &Config::access_log),
        string_setting("metrics_token", "METRICS_TOKEN", &Config::metrics_token),
        string_setting("metrics_listen", "METRICS_LISTEN", &Config::metrics_listen),
        int_setting("log_retention_days", "LOG_RETENTION_DAYS", &Config::log_retention_days, 0, 36500),
        int_setting("quota_data_compact_days", "QUOTA_DATA_COMPACT_DAYS", &Config::quota_data_compact_days, 0, 36500),
        bool_setting("critical_rate_limit_enable", "CRITICAL_RATE_LIMIT_ENABLE", &Config::critical_rate_limit_enable),
        int_setting("critical_rate_limit", "CRITICAL_RATE_LIMIT", &Config::critical_rate_limit, 1, 1000000),
        int_setting("critical_rate_limit_duration", "CRITICAL_RATE_LIMIT_DURATION",
                    &Config::critical_rate_limit_duration, 1, 86400),
    };
    return all;
}

std::string trim(std::string s) {
    size_t b = s.find_first_not_of(" \t\r\n");
    size_t e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

void read_plugins(Config& cfg, const pugi::xml_node& node) {
    if (!node) return;
    std::string all = node.attribute("allow-all").as_string("true");
    if (all != "true" && all != "false")
        throw ConfigError("invalid value '" + all + "' for plugins/@allow-all: expected true or false");
    cfg.plugins_allow_all = all == "true";
    for (auto allow : node.children("allow")) {
        std::string id = allow.attribute("id").as_string();
        if (id.empty()) throw ConfigError("plugins/allow needs an id attribute");
        cfg.plugin_allow.push_back({id, allow.attribute("sha256").as_string()});
    }
}

std::string random_secret() {
    std::random_device rd;
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string s;
    for (int i = 0; i < 32; ++i) s += alphabet[rd() % (sizeof alphabet - 1)];
    return s;
}

}  // namespace

void apply_config_file(Config& cfg, const std::string& path) {
    pugi::xml_document doc;
    pugi::xml_parse_result ok = doc.load_file(path.c_str());
    if (!ok) throw ConfigError("cannot read config file " + path + ": " + ok.description());
    pugi::xml_node root = doc.child("new-api");
    if (!root) throw ConfigError("config file " + path + " has no <new-api> root element");
    for (pugi::xml_node child : root.children()) {
        if (child.type() != pugi::node_element) continue;
        std::string name = child.name();
        if (name == "plugins") {
            read_plugins(cfg, child);
            continue;
        }
        bool known = false;
        for (const auto& s : settings())
            if (name == s.key) {
                s.set(cfg, trim(child.text().as_string()));
                known = true;
            }
        if (!known) throw ConfigError("unknown setting <" + name + "> in " + path);
    }
}

void apply_environment(Config& cfg, const std::map<std::string, std::string>& env) {
    for (const auto& s : settings()) {
        auto it = env.find(s.env);
        if (it != env.end() && !it->second.empty()) s.set(cfg, it->second);
    }
}

void finalize_config(Config& cfg, const InstallLayout& layout) {
    if (cfg.session_secret == "random_string")
        throw ConfigError("SESSION_SECRET must not be the placeholder 'random_string'");
    if (cfg.session_secret.empty()) cfg.session_secret = random_secret();
    if (cfg.crypto_secret.empty()) cfg.crypto_secret = cfg.session_secret;
    if (cfg.plugin_dir.empty()) cfg.plugin_dir = layout.plugin_dir;
    if (cfg.tokenizer_dir.empty()) cfg.tokenizer_dir = layout.tokenizer_dir;
    if (cfg.web_dir.empty()) cfg.web_dir = layout.web_dir;
    if (cfg.sql_dsn == "local") cfg.sql_dsn.clear();
    if (cfg.billing_journal_dir.empty()) {
        std::filesystem::path db(cfg.sqlite_path.substr(0, cfg.sqlite_path.find('?')));
        bool uri = cfg.sqlite_path.rfind("file:", 0) == 0;
        cfg.billing_journal_dir = (uri ? std::filesystem::path() : db.parent_path()) / "billing-journal";
    }
}

std::map<std::string, std::string> process_environment() {
    std::map<std::string, std::string> env;
    for (char** e = environ; e && *e; ++e) {
        std::string kv = *e;
        size_t eq = kv.find('=');
        if (eq != std::string::npos) env[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    return env;
}

}  // namespace gw
