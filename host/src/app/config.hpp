// Server configuration: defaults, then config/new-api.xml, then New API's environment variables,
// then command-line flags. Every value is validated; a bad one stops start-up with its name.
#pragma once

#include "app/install_layout.hpp"

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace gw {

struct PluginAllow {
    std::string id;
    std::string sha256;  // empty = any build of this id
};

struct Config {
    int port = 3000;
    std::string sql_dsn;  // empty or "local" = SQLite
    std::string sqlite_path = "one-api.db";
    std::string log_sql_dsn;
    int sql_max_open_conns = 64;  // SQL_MAX_OPEN_CONNS: sessions per database pool
    int sql_max_idle_conns = 4;   // SQL_MAX_IDLE_CONNS: kept open when idle
    int sql_max_lifetime = 60;    // SQL_MAX_LIFETIME: seconds an idle session stays open
    std::string session_secret;   // random per process when unset
    std::string crypto_secret;    // defaults to session_secret
    int max_request_body_mb = 128;
    int streaming_timeout = 300;  // seconds without an upstream byte
    int relay_timeout = 0;        // seconds for a whole upstream call; 0 = none
    int sync_frequency = 60;      // seconds between snapshot reloads
    std::string node_type = "master";
    std::string node_name;
    std::string tz;
    std::string plugin_dir;         // empty = found beside the binary (app/install_layout)
    int plugin_watch_interval = 2;  // seconds between plugin folder checks; 0 = no watch
    std::string log_dir;            // empty = stderr only
    std::string web_dir;            // built admin UI; empty = the installed one, if any
    std::string tokenizer_dir;      // BPE tables; empty = found beside the binary
    int relay_io_threads = 0;       // dedicated upstream I/O threads; 0 = the HTTP reactor threads
    bool memory_cache_enabled = false;
    std::string redis_conn_string;
    bool batch_update_enabled = false;
    int batch_update_interval = 5;
    std::string billing_journal_dir;   // empty = billing-journal beside the SQLite file
    int billing_journal_sync_ms = 20;  // fdatasync period of the charge journal (see config/new-api.xml)
    bool error_log_enabled = false;
    int stream_scanner_max_buffer_mb = 128;
    std::string azure_default_api_version = "2025-04-01-preview";
    int channel_test_frequency = 0;  // minutes; 0 = off
    std::string trusted_redirect_domains;  // comma list: hosts a payment may return to (and their subdomains)
    int task_poll_interval = 15;     // seconds between polls of unfinished tasks (master only)
    int task_query_limit = 1000;     // unfinished tasks read per poll
    int task_timeout_minutes = 1440;  // a task unfinished this long fails and is refunded
    int http_threads = 2;
    int api_workers = 8;
    int shutdown_timeout = 30;  // seconds to finish in-flight requests on SIGTERM
    bool debug = false;
    std::string log_format = "text";  // or "json": one JSON object per log line
    bool access_log = false;          // one line per answered relay request
    std::string metrics_token;        // /metrics on the main port also accepts "Bearer <token>"
    std::string metrics_listen;       // "[address:]port" of an unauthenticated /metrics listener; empty = none
    int log_retention_days = 0;       // consume logs older than this are deleted daily (master); 0 = kept
    int quota_data_compact_days = 0;  // hourly quota_data older than this merges into daily rows; 0 = never
    // Per-IP limit on login, register, setup, redeem and key reveal.
    bool critical_rate_limit_enable = true;
    int critical_rate_limit = 20;
    int critical_rate_limit_duration = 1200;  // seconds

    bool plugins_allow_all = true;
    std::vector<PluginAllow> plugin_allow;

    bool is_master() const { return node_type != "slave"; }
    // How often settled charges are written to the database: New API's batch interval when
    // BATCH_UPDATE_ENABLED, else at once (every 100 ms, up to 1 s apart under heavy load), so logs
    // and dashboards show a call at once.
    int ledger_flush_ms() const { return batch_update_enabled ? batch_update_interval * 1000 : 100; }
    int ledger_flush_max_ms() const { return batch_update_enabled ? batch_update_interval * 1000 : 1000; }
};

class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Reads an XML config file into cfg; throws ConfigError naming the bad setting.
void apply_config_file(Config& cfg, const std::string& path);
// Applies environment variables (PORT, SQL_DSN, ...) from env; throws ConfigError.
void apply_environment(Config& cfg, const std::map<std::string, std::string>& env);
// Fills derived defaults (secrets, unset folders from the layout) and checks cross-setting rules.
void finalize_config(Config& cfg, const InstallLayout& layout);
// The process environment as a map.
std::map<std::string, std::string> process_environment();

}  // namespace gw
