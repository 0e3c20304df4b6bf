// The in-memory ledger: every balance check, hold and charge of the relay happens here, in
// memory; the database learns about charges in batches. A flush is one transaction that applies
// the accumulated balance changes together with the consume logs and quota_data rows they came
// from, so the logs always sum to the balance change; a failed flush keeps everything for the next
// one. Holds (pre-consumed quota of requests in flight) live only in memory: a crash loses them,
// never charges them.
#pragma once

#include "common/periodic_task.hpp"
#include "store/entities.hpp"

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace gw::store {
class Database;
class Cache;
}  // namespace gw::store

namespace gw::billing {

class SharedQuota;

// One settled request.
struct Charge {
    int64_t user_id = 0, token_id = 0, channel_id = 0;
    std::string token_key;
    int64_t held = 0;          // released now
    bool shared_hold = false;  // the hold was also taken on the shared counters
    int64_t quota = 0;         // charged now
    bool counts_request = true;
    store::Log log;       // written with the charge; type 0 = none
    bool log_row = true;  // false: the log only feeds quota_data (LogConsumeEnabled off)
    int64_t tokens = 0;   // prompt + completion, for quota_data
};

class Ledger {
public:
    // Logs go to `log_db` (LOG_SQL_DSN) when it is not `db`: then they are written after the
    // balances, in a transaction of their own, and kept for the next flush if that one fails.
    Ledger(store::Database& db, store::Cache& cache, store::Database* log_db = nullptr);
    ~Ledger();

    // With shared counters (several nodes), holds and charges are applied to them too; the
    // counters have the last word on a hold while they are reachable.
    void share(SharedQuota* shared) { shared_ = shared; }

    enum class HoldResult { ok, user_insufficient, token_insufficient };
    struct Hold {
        HoldResult result = HoldResult::ok;
        bool shared = false;  // taken on the shared counters as well (pass it back on release)
    };
    // Checks the effective balances and holds `amount` on both at once.
    Hold hold(const store::User& user, const store::Token& token, int64_t amount);
    void release(int64_t user_id, int64_t token_id, int64_t amount, bool shared);
    void settle(Charge charge);

    // Balances as the relay sees them: the snapshot's value, less what is charged but not yet
    // persisted and what is held.
    int64_t user_quota(const store::User& user) const;
    int64_t token_remain(const store::Token& token) const;

    // Persists what accumulated; false (and everything kept) when the database refused.
    bool flush();
    // Flushes every `interval` on a thread of its own until stop(), which flushes a last time.
    void start(std::chrono::milliseconds interval);
    void stop();

private:
    struct Delta {
        int64_t quota = 0, used = 0, requests = 0;
        std::string token_key;  // tokens only: to refresh the snapshot row
    };
    using HourKey = std::tuple<int64_t, std::string, int64_t>;  // user, model, hour
    struct Batch {
        std::unordered_map<int64_t, Delta> users, tokens, channels;
        std::vector<store::Log> logs;
        std::map<HourKey, store::QuotaData> quota_data;
        bool empty() const { return users.empty() && tokens.empty() && channels.empty() && logs.empty(); }
        void merge(Batch&& other);
    };
    static int64_t sum(const std::unordered_map<int64_t, Delta>& m, int64_t id);
    static int64_t held(const std::unordered_map<int64_t, int64_t>& m, int64_t id);
    // The balances above, with mutex_ held.
    int64_t user_left(const store::User& u) const;
    int64_t token_left(const store::Token& t) const;
    void hold_locally(int64_t user_id, int64_t token_id, int64_t amount);
    void write(const Batch& b);
    void write_logs(std::vector<store::Log>& logs);
    void refresh(const Batch& b);

    store::Database& db_;
    store::Cache& cache_;
    store::Database* log_db_;  // null: logs share the balances' transaction
    SharedQuota* shared_ = nullptr;
    mutable std::mutex mutex_;
    std::mutex flush_mutex_;  // one flush at a time
    Batch pending_, inflight_;
    std::unordered_map<int64_t, int64_t> user_holds_, token_holds_;
    std::unique_ptr<PeriodicTask> flusher_;
    bool stopped_ = false;
};

}  // namespace gw::billing
