#include "app/app.hpp"

#include "api/channel_api.hpp"
#include "api/checkin_api.hpp"
#include "api/cluster_api.hpp"
#include "api/common.hpp"
#include "api/custom_oauth_api.hpp"
#include "api/email_api.hpp"
#include "api/health_api.hpp"
#include "api/log_api.hpp"
#include "api/metrics_api.hpp"
#include "api/multi_key_api.hpp"
#include "api/oauth_api.hpp"
#include "api/option_api.hpp"
#include "api/passkey_api.hpp"
#include "api/playground_api.hpp"
#include "api/plugins_api.hpp"
#include "api/prefill_group_api.hpp"
#include "api/pricing_api.hpp"
#include "api/redemption_api.hpp"
#include "api/security_proof.hpp"
#include "api/self_api.hpp"
#include "api/session_api.hpp"
#include "api/setup_api.hpp"
#include "api/site_content_api.hpp"
#include "api/status_api.hpp"
#include "api/task_api.hpp"
#include "api/token_api.hpp"
#include "api/topup_api.hpp"
#include "api/turnstile.hpp"
#include "api/twofa_api.hpp"
#include "api/usage_api.hpp"
#include "api/user_admin_api.hpp"
#include "api/user_setting_api.hpp"
#include "app/background_jobs.hpp"
#include "app/config.hpp"
#include "app/context.hpp"
#include "app/option_defaults.hpp"
#include "app/version.hpp"
#include "billing/ledger.hpp"
#include "billing/relay_billing.hpp"
#include "cluster/node.hpp"
#include "common/batch_worker.hpp"
#include "common/error_text.hpp"
#include "common/log.hpp"
#include "common/thread_pool.hpp"
#include "http/rate_limiter.hpp"
#include "http/server.hpp"
#include "http/static_site.hpp"
#include "metrics/instruments.hpp"
#include "notify/quota_watch.hpp"
#include "notify/user_notifier.hpp"
#include "payment/payment_gateway.hpp"
#include "plugin/catalog.hpp"
#include "relay/channel_health.hpp"
#include "relay/channel_test.hpp"
#include "relay/not_found.hpp"
#include "relay/provider_pool.hpp"
#include "relay/rate_limits.hpp"
#include "relay/relay_api.hpp"
#include "relay/responses_policy.hpp"
#include "relay/tokenizer.hpp"
#include "store/cache.hpp"
#include "store/database.hpp"
#include "store/dsn.hpp"
#include "store/migrator.hpp"
#include "store/node_lock.hpp"
#include "task/task_routes.hpp"
#include "task/task_services.hpp"
#include "upstream/http_client.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <ctime>
#include <filesystem>
#include <iostream>

namespace gw {
namespace {

std::filesystem::path binary_dir() {
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::path(".") : exe.parent_path();
}

// --config, else ./config/new-api.xml (a source checkout), else the installed one.
std::string config_path(const CliOptions& cli, const InstallLayout& layout) {
    if (!cli.config_path.empty()) return cli.config_path;
    if (std::filesystem::exists("config/new-api.xml")) return "config/new-api.xml";
    return layout.config_file;
}

Config load_config(const CliOptions& cli) {
    Config cfg;
    InstallLayout layout = find_install_layout(binary_dir());
    std::string path = config_path(cli, layout);
    if (!path.empty()) apply_config_file(cfg, path);
    apply_environment(cfg, process_environment());
    if (cli.port) cfg.port = *cli.port;
    if (cli.log_dir) cfg.log_dir = *cli.log_dir;
    finalize_config(cfg, layout);
    return cfg;
}

cluster::Node make_node(const Config& cfg, store::Cache& cache) {
    try {
        return cluster::Node(cfg, cache);
    } catch (const std::invalid_argument& e) {
        throw ConfigError(e.what());
    }
}

store::Dsn read_dsn(const std::string& text) {
    try {
        return store::parse_dsn(text);
    } catch (const store::DsnError& e) {
        throw ConfigError(e.what());
    }
}

// Runs one start-up step; a failure says which step it was.
template <class Fn>
auto step(const std::string& what, Fn&& fn) {
    try {
        return fn();
    } catch (const ConfigError&) {
        throw;
    } catch (const std::exception& e) {
        throw std::runtime_error(what + ": " + error_text(e));
    }
}

std::unique_ptr<store::Database> open_database(const Config& cfg) {
    store::Dsn dsn = read_dsn(cfg.sql_dsn);
    if (dsn.dialect == store::Dialect::sqlite)
        return step("opening the SQLite database " + cfg.sqlite_path,
                    [&] { return store::Database::open_sqlite(cfg.sqlite_path); });
    log::info("database: " + dsn.describe);
    return step("opening the database " + dsn.describe, [&] {
        return store::Database::open_server(dsn.dialect, dsn.connector, dsn.connection,
                                            {cfg.sql_max_open_conns, cfg.sql_max_idle_conns, cfg.sql_max_lifetime});
    });
}

// LOG_SQL_DSN: logs in a MySQL or PostgreSQL database of their own (null when unset).
std::unique_ptr<store::Database> open_log_database(const Config& cfg) {
    if (cfg.log_sql_dsn.empty()) return nullptr;
    store::Dsn dsn = read_dsn(cfg.log_sql_dsn);
    if (dsn.dialect == store::Dialect::sqlite)
        throw ConfigError("LOG_SQL_DSN must name a MySQL or PostgreSQL database (SQLite logs share the main file)");
    log::info("log database: " + dsn.describe);
    auto db = step("opening the log database " + dsn.describe, [&] {
        return store::Database::open_server(dsn.dialect, dsn.connector, dsn.connection,
                                            {cfg.sql_max_open_conns, cfg.sql_max_idle_conns, cfg.sql_max_lifetime});
    });
    step("log database", [&] { return store::migrate(*db); });
    return db;
}

// A gateway holds two sockets per open stream (client and upstream): lift the descriptor limit
// to what the system allows.
void raise_fd_limit() {
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        setrlimit(RLIMIT_NOFILE, &lim);
    }
}

// Blocks SIGTERM/SIGINT/SIGHUP in every thread created after this, so sigwait() in main gets them.
sigset_t block_control_signals() {
    std::signal(SIGPIPE, SIG_IGN);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    return set;
}

// SIGHUP: what can change while serving is read again — the database's options, channels, users
// and tokens, the plugin folder — and the log file continues in a new one (rotation).
void reload(store::Cache& cache, plugin::Catalog& plugins) {
    log::info("received SIGHUP, reloading");
    log::reopen_file();
    try {
        cache.reload_all();
        plugins.reload();
        log::info("reloaded: options, channels, users, tokens and plugins");
    } catch (const std::exception& e) {
        log::error("reload failed, serving with what was loaded before: " + error_text(e));
    }
}

// Libraries are loaded from private copies, so the folder's files can be replaced at any time.
plugin::LoaderOptions loader_options(const Config& cfg, const std::string& shadow_dir) {
    plugin::LoaderOptions lo;
    lo.dir = cfg.plugin_dir;
    lo.allow_all = cfg.plugins_allow_all;
    lo.allow = cfg.plugin_allow;
    lo.shadow_dir = shadow_dir;
    return lo;
}

// Registration order matters: literal paths before parameterised ones (/api/user/self before /:id).
void register_routes(http::Router& router, AppContext& ctx) {
    api::register_status_api(router, ctx);
    api::register_site_content_api(router, ctx);
    api::register_prefill_group_api(router, ctx);
    api::register_health_api(router, ctx);
    api::register_setup_api(router, ctx);
    api::register_session_api(router, ctx);
    api::register_self_api(router, ctx);
    api::register_checkin_api(router, ctx);
    api::register_twofa_api(router, ctx);
    api::register_email_api(router, ctx);
    api::register_user_setting_api(router, ctx);
    api::register_passkey_api(router, ctx);
    api::register_security_proof_api(router, ctx);
    api::register_user_admin_api(router, ctx);
    api::register_token_api(router, ctx);
    api::register_channel_api(router, ctx);
    api::register_multi_key_api(router, ctx);
    api::register_option_api(router, ctx);
    api::register_log_api(router, ctx);
    api::register_redemption_api(router, ctx);
    api::register_usage_api(router, ctx);
    api::register_plugins_api(router, ctx);
    api::register_pricing_api(router, ctx);
    api::register_cluster_api(router, ctx);
    api::register_task_api(router, ctx);
}

// New API's CriticalRateLimit: per IP on the routes that guess passwords or move money.
void limit_critical_routes(http::Router& router, const Config& cfg, const cluster::Node& node) {
    if (!cfg.critical_rate_limit_enable) return;
    auto limiter = std::make_shared<http::RateLimiter>(cfg.critical_rate_limit, cfg.critical_rate_limit_duration,
                                                       node.shared_windows(), "critical");
    auto wrap = [limiter](http::Handler h) { return http::rate_limited(limiter, std::move(h)); };
    for (const char* path : {"/api/user/login", "/api/user/login/2fa", "/api/user/2fa/disable",
                             "/api/user/2fa/backup_codes", "/api/user/register", "/api/setup", "/api/user/topup",
                             "/api/token/:id/key", "/api/token/batch/keys", "/api/user/pay", "/api/user/stripe/pay"})
        router.decorate("POST", path, wrap);
    for (const char* path : {"/api/oauth/state", "/api/oauth/:provider", "/api/oauth/telegram/login",
                             "/api/oauth/telegram/bind", "/api/oauth/wechat", "/api/oauth/wechat/bind",
                             "/api/verification", "/api/reset_password", "/api/oauth/email/bind"})
        router.decorate("GET", path, wrap);
    for (const char* path :
         {"/api/oauth/wechat/bind", "/api/oauth/email/bind", "/api/user/reset", "/api/verify", "/api/channel/:id/key",
          "/api/user/passkey/login/begin", "/api/user/passkey/login/finish", "/api/user/passkey/verify/finish"})
        router.decorate("POST", path, wrap);
}

std::unique_ptr<relay::Tokenizer> load_tokenizer(const Config& cfg) {
    try {
        return std::make_unique<relay::Tokenizer>(cfg.tokenizer_dir);
    } catch (const std::exception& e) {
        log::warn(std::string("no local token estimates: ") + e.what());
        return nullptr;
    }
}

// METRICS_LISTEN: "[address:]port" of a listener that serves only /metrics, unauthenticated.
std::unique_ptr<http::Server> metrics_listener(const Config& cfg, http::Router& router, ThreadPool& workers) {
    if (cfg.metrics_listen.empty()) return nullptr;
    http::ServerOptions so;
    size_t colon = cfg.metrics_listen.rfind(':');
    std::string port = colon == std::string::npos ? cfg.metrics_listen : cfg.metrics_listen.substr(colon + 1);
    if (colon != std::string::npos) so.address = cfg.metrics_listen.substr(0, colon);
    try {
        so.port = std::stoi(port);
    } catch (const std::exception&) {
        throw ConfigError("invalid value '" + cfg.metrics_listen + "' for METRICS_LISTEN: expected [address:]port");
    }
    so.threads = 1;
    auto server = std::make_unique<http::Server>(so, router, workers);
    server->start();
    log::info("metrics on " + cfg.metrics_listen + "/metrics");
    return server;
}

// The upstream loops ride on the HTTP reactor threads: one loop per reactor.
http::ReactorGuest reactor_guest(upstream::HttpClient& client) {
    http::ReactorGuest guest;
    for (size_t i = 0; i < client.loop_count(); ++i) guest.fds.push_back(client.loop_fd(i));
    guest.enter = [&client](size_t i) { client.adopt_thread(i); };
    guest.run = [&client](size_t i) { client.run_loop(i); };
    return guest;
}

int serve(const Config& cfg) {
    sigset_t signals = block_control_signals();
    raise_fd_limit();
    auto db = open_database(cfg);
    std::unique_ptr<store::SqliteNodeLock> node_lock;
    if (db->dialect() == store::Dialect::sqlite) try {
            node_lock = std::make_unique<store::SqliteNodeLock>(cfg.sqlite_path);
        } catch (const std::runtime_error& e) {
            throw ConfigError(e.what());
        }
    store::migrate(*db);
    auto log_db = open_log_database(cfg);
    store::Cache cache(*db);
    cache.reload_all();
    cluster::Node node = make_node(cfg, cache);
    const std::string shadow_dir =
        (std::filesystem::temp_directory_path() / ("new-api-plugins-" + std::to_string(getpid()))).string();
    plugin::Catalog plugins(loader_options(cfg, shadow_dir), [&cache] { return disabled_plugins(cache); });
    plugins.reload();
    if (cfg.plugin_watch_interval > 0) plugins.watch(std::chrono::seconds(cfg.plugin_watch_interval));

    billing::Ledger ledger(*db, cache, log_db.get());
    step("opening the billing journal",
         [&] { ledger.open_journal(cfg.billing_journal_dir, std::chrono::milliseconds(cfg.billing_journal_sync_ms)); });
    ledger.share(node.shared_quota());
    ledger.flush();  // what the journal gave back, before serving
    ledger.start(std::chrono::milliseconds(cfg.ledger_flush_ms()),
                 std::chrono::milliseconds(cfg.ledger_flush_max_ms()));
    AppContext ctx{cfg, *db, cache, plugins, static_cast<int64_t>(std::time(nullptr)), &node, log_db.get(), &ledger};
    relay::ProviderPool providers(plugins);
    auto tokenizer = load_tokenizer(cfg);
    billing::RelayBilling settle(ledger, cache, cfg.error_log_enabled);
    bool own_io_threads = cfg.relay_io_threads > 0;
    upstream::HttpClient http_client(own_io_threads ? cfg.relay_io_threads : cfg.http_threads, own_io_threads);
    ThreadPool workers(static_cast<size_t>(cfg.api_workers));
    notify::QuotaWatch quota_watch(cache, [&](const store::User& user, int64_t balance) {
        Options o(cache);
        auto notice =
            notify::quota_warning(user, api::format_quota(ctx, balance), o.str("ServerAddress") + "/console/topup");
        if (auto why = notify::notify_user(http_client, o, user, notice); !why.empty())
            log::warn("quota warning to user " + std::to_string(user.id) + " failed: " + why);
    });
    ledger.observe(&quota_watch);
    BatchWorker settlement(std::chrono::milliseconds(20));
    relay::ChannelHealth health(*db, cache, workers);
    relay::RateLimits limits;
    limits.share(node.shared_windows());
    relay::ResponsesPolicy responses_policy;
    relay::RelayServices relay_services{cfg,       workers,     settlement,      cache,
                                        providers, http_client, tokenizer.get(), settle,
                                        ledger,    health,      limits,          responses_policy};

    metrics::register_instruments();
    http::Router router;
    register_routes(router, ctx);
    api::register_custom_oauth_api(router, ctx, http_client);
    api::register_oauth_api(router, ctx, http_client);
    api::require_turnstile(router, ctx, http_client);
    http::StaticSite site(cfg.web_dir);
    router.fallback([&site](http::HttpRequest& req, const http::Responder& res) { site.serve(req, res); });
    router.not_found(&relay::relay_not_found);
    relay::register_relay_api(router, relay_services);
    relay::register_channel_test_api(router, ctx, relay_services);
    api::register_playground_api(router, ctx, relay_services);
    api::register_metrics_api(router, ctx, health);
    task::TaskServices task_services{cfg, *db, log_db.get(), cache, providers, http_client, health, &node};
    task::register_task_routes(router, task_services, ledger);
    payment::PaymentGateway payments(plugins, cache, http_client);
    api::register_topup_api(router, ctx, payments);
    limit_critical_routes(router, cfg, node);

    http::ServerOptions so;
    so.port = cfg.port;
    so.threads = cfg.http_threads;
    so.max_body_bytes = static_cast<size_t>(cfg.max_request_body_mb) << 20;
    if (!own_io_threads) so.guest = reactor_guest(http_client);
    http::Server server(so, router, workers);
    server.start();
    http::Router metrics_router;
    api::register_open_metrics(metrics_router, ctx, health);
    auto metrics_server = metrics_listener(cfg, metrics_router, workers);
    std::string database =
        db->dialect() == store::Dialect::sqlite ? "SQLite " + cfg.sqlite_path : store::parse_dsn(cfg.sql_dsn).describe;
    log::info("new-api " + std::string(kVersion) + " started on port " + std::to_string(server.port()) + " (" +
              database + ", plugins from " + cfg.plugin_dir + ")");
    BackgroundJobs jobs({cfg, ctx, node, workers, relay_services, task_services});

    int sig = 0;
    while (sigwait(&signals, &sig) == 0 && sig == SIGHUP) reload(cache, plugins);
    log::info(std::string("received ") + (sig == SIGTERM ? "SIGTERM" : "SIGINT") + ", draining");
    jobs.stop_master_jobs();
    server.drain(cfg.shutdown_timeout);
    if (metrics_server) metrics_server->stop();
    workers.stop();
    http_client.shutdown();  // what is still running ends now, while connections can still be answered
    server.stop();
    settlement.stop();
    ledger.stop();  // the last charges and logs reach the database before exit
    ledger.observe(nullptr);
    std::error_code ignored;
    std::filesystem::remove_all(shadow_dir, ignored);  // mapped copies stay valid until exit
    log::info("stopped");
    return 0;
}

}  // namespace

int run_server(const CliOptions& cli) {
    Config cfg;
    try {
        cfg = load_config(cli);
    } catch (const ConfigError& e) {
        std::cerr << "configuration error: " << e.what() << "\n";
        return 2;
    }
    if (!cfg.tz.empty()) {
        setenv("TZ", cfg.tz.c_str(), 1);
        tzset();
    }
    log::set_format(cfg.log_format == "json" ? log::Format::json : log::Format::text);
    log::open_file(cfg.log_dir);
    if (cfg.debug) log::set_level(log::Level::debug);
    try {
        return serve(cfg);
    } catch (const ConfigError& e) {
        log::error(std::string("configuration error: ") + e.what());
        return 2;
    } catch (const std::exception& e) {
        log::error("fatal: " + error_text(e));
        return 1;
    }
}

}  // namespace gw
