#include "app/background_jobs.hpp"

#include "app/config.hpp"
#include "app/context.hpp"
#include "app/housekeeping.hpp"
#include "cluster/node.hpp"
#include "common/log.hpp"
#include "common/strings.hpp"
#include "common/thread_pool.hpp"
#include "metrics/instruments.hpp"
#include "relay/channel_test.hpp"
#include "store/cache.hpp"

namespace gw {

BackgroundJobs::BackgroundJobs(JobServices s) : poller_(s.tasks) {
    // Writes made by another node (or straight into the database) reach this one.
    sync_ = std::make_unique<PeriodicTask>(std::chrono::seconds(s.config.sync_frequency), "snapshot sync",
                                           [&cache = s.ctx.cache] {
                                               try {
                                                   cache.reload_all();
                                               } catch (...) {
                                                   metrics::database_error("reload");
                                                   throw;
                                               }
                                           });
    if (s.node.master()) start_master_jobs(s);
    log::info("background jobs on node " + s.node.name() + ": " +
              (s.node.background_jobs().empty() ? std::string(s.node.master() ? "none configured" : "none (slave)")
                                                : join(s.node.background_jobs(), ", ")));
}

void BackgroundJobs::start_master_jobs(JobServices& s) {
    const Config& cfg = s.config;
    if (cfg.channel_test_frequency > 0) {
        channel_tests_ =
            std::make_unique<PeriodicTask>(std::chrono::minutes(cfg.channel_test_frequency), "channel tests",
                                           [&relay = s.relay, &db = s.ctx.db] { relay::test_all_channels(relay, db); });
        s.node.add_background_job("channel tests");
    }
    if (housekeeping_configured(cfg)) {
        auto run = [&cfg, &ctx = s.ctx] { run_housekeeping(cfg, ctx.db, ctx.logs()); };
        s.workers.post(run);  // once at start, then hourly
        housekeeping_ = std::make_unique<PeriodicTask>(std::chrono::hours(1), "housekeeping", run);
        s.node.add_background_job("housekeeping");
    }
    task_poll_ = std::make_unique<PeriodicTask>(std::chrono::seconds(cfg.task_poll_interval), "task polling",
                                                [this] { poller_.poll_once(); });
    s.node.add_background_job("task polling");
}

void BackgroundJobs::stop_master_jobs() {
    channel_tests_.reset();
    housekeeping_.reset();
    task_poll_.reset();
}

}  // namespace gw
