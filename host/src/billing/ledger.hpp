// The ledger: every balance check, hold and charge of the relay happens here, in memory, and every
// charge is written to the local journal (billing/journal.hpp) before it counts as settled, so a
// killed process loses none. The database learns of charges in batches: a flush is one
// transaction that applies the balance deltas with the consume logs and quota_data rows they came
// from and moves this journal's cursor (store/ledger_cursor.hpp) in the same step, so the logs
// always sum to the balance change and a batch is never applied twice, even when a COMMIT's
// acknowledgement is lost and the batch is sent again. A failed flush keeps everything for the
// next one; at start-up the journal gives back what the database lacks.
//
// What readers see is current: the relay's balances and the API's rows are the database's values
// plus what is settled but not yet flushed (`current`). Holds (pre-consumed quota of requests in
// flight) live only in memory: a crash loses them, never charges them.
#pragma once

#include "billing/charge.hpp"
#include "common/periodic_task.hpp"
#include "store/cache.hpp"
#include "store/entities.hpp"
#include "store/query.hpp"

#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace gw::store {
class Database;
}

namespace gw::billing {

class Journal;
class SharedQuota;

// Told of every charge that lowered a user's balance, after the ledger let go of its lock; it
// must not block (the relay settles on this call).
class BalanceObserver {
public:
    virtual ~BalanceObserver() = default;
    virtual void balance_fell(const store::User& user, int64_t before, int64_t after) = 0;
};

class Ledger {
public:
    // Logs go to `log_db` (LOG_SQL_DSN) when it is not `db`: then they are written after the
    // balances, in a transaction of their own with a cursor of their own.
    Ledger(store::Database& db, store::Cache& cache, store::Database* log_db = nullptr);
    ~Ledger();

    // Opens the journal in `dir` (fdatasync every `sync_interval`) and takes back the charges the
    // databases lack; they are applied by the next flush. Throws naming the directory or table.
    // Without a journal (unit tests) charges live in memory until flushed.
    void open_journal(const std::string& dir, std::chrono::milliseconds sync_interval);

    // With shared counters (several nodes), holds and charges are applied to them too; the
    // counters have the last word on a hold while they are reachable.
    void share(SharedQuota* shared) { shared_ = shared; }
    void observe(BalanceObserver* observer) { observer_ = observer; }

    enum class HoldResult { ok, user_insufficient, token_insufficient };
    struct Hold {
        HoldResult result = HoldResult::ok;
        bool shared = false;  // taken on the shared counters as well (pass it back on release)
    };
    // Checks the effective balances and holds `amount` (0 ≤ amount ≤ kMaxQuota) on both at once.
    Hold hold(const store::User& user, const store::Token& token, int64_t amount);
    void release(int64_t user_id, int64_t token_id, int64_t amount, bool shared);
    // Releases the charge's hold and records it: in the journal (write(2) done when this returns)
    // and in every balance view.
    void settle(Charge charge);

    // Balances as the relay sees them: the snapshot's value, plus what is settled but not yet
    // flushed, less what is held.
    int64_t user_quota(const store::User& user) const;
    int64_t token_remain(const store::Token& token) const;
    // A snapshot row made current (without holds): the cache's latest copy plus unflushed charges.
    store::User current_row(const store::User& user) const;
    store::Token current_row(const store::Token& token) const;

    // Rows read from the database by `read` (a User, Token, Channel, an optional or vector of
    // them, or Rows<>) with what is settled but not yet flushed added: current balances. No flush
    // commits while `read` runs, so nothing is counted twice or missed.
    template <class Read>
    auto current(Read&& read) const {
        std::shared_lock gate(cache_.commit_gate());
        auto rows = read();
        std::lock_guard lock(mutex_);
        add_unflushed(rows);
        return rows;
    }

    // Persists what accumulated; false (and everything kept) when a database refused.
    bool flush();
    // Flushes on a thread of its own until stop(): every `interval`, or under load up to `longest`
    // apart, so that one transaction carries more rows (SQLite and InnoDB pay per commit for each
    // index page a batch touches; 100 ms batches at 10,000 charges a second cost a fifth of the
    // throughput).
    void start(std::chrono::milliseconds interval, std::chrono::milliseconds longest);
    // Stops flushing and tries a last time; what the database still refuses stays in the journal,
    // and a loud log line says how many charges wait and where.
    void stop();

    struct Backlog {
        size_t charges = 0;  // settled, not yet in every database
        int64_t quota = 0;
    };
    Backlog backlog() const;
    // Seconds since the last flush that worked while charges wait; 0 when nothing waits.
    double flush_lag_seconds() const;

private:
    struct Entry {
        uint64_t seq = 0;
        Charge charge;
    };
    struct Unflushed {
        int64_t quota = 0, used = 0, requests = 0;
    };
    using Batch = std::vector<const Entry*>;

    void hold_locally(int64_t user_id, int64_t token_id, int64_t amount);
    void release_locally(int64_t user_id, int64_t token_id, int64_t amount);
    void count(const Charge& c, int sign);
    // With mutex_ held: the cache's row (flushes change it under mutex_, so it agrees with the
    // unflushed sums), or `fallback` when the cache has none.
    store::User latest(const store::User& fallback) const;
    store::Token latest(const store::Token& fallback) const;
    int64_t user_left(const store::User& u) const;
    int64_t token_left(const store::Token& t) const;
    void add_unflushed(store::User& u) const;
    void add_unflushed(store::Token& t) const;
    void add_unflushed(store::Channel& c) const;
    template <class T>
    void add_unflushed(std::optional<T>& row) const {
        if (row) add_unflushed(*row);
    }
    template <class T>
    void add_unflushed(std::vector<T>& rows) const {
        for (auto& r : rows) add_unflushed(r);
    }
    template <class T>
    void add_unflushed(store::Rows<T>& rows) const {
        add_unflushed(rows.items);
    }

    bool apply_balances(const Batch& batch, uint64_t from);
    bool apply_logs(const Batch& batch, uint64_t from, uint64_t to);
    void applied(const Batch& batch, uint64_t from, uint64_t to);
    void drop_applied();
    std::string cursor_name(bool logs) const;
    // Failed flushes are logged when they start, every 30 s while they last, and when they end.
    void flush_failed(const char* what, const std::exception& e);
    void flush_worked();
    void journal_failed(uint64_t seq, const std::exception& e);

    store::Database& db_;
    store::Cache& cache_;
    store::Database* log_db_;  // null: logs share the balances' transaction
    BalanceObserver* observer_ = nullptr;
    SharedQuota* shared_ = nullptr;
    std::unique_ptr<Journal> journal_;
    mutable std::mutex mutex_;
    std::mutex flush_mutex_;     // one flush at a time
    std::deque<Entry> entries_;  // settled, not yet in every database; only the flusher pops
    uint64_t last_seq_ = 0;      // the last seq given to a charge
    uint64_t applied_ = 0;       // charges up to here are in the main database
    uint64_t logs_applied_ = 0;  // and their logs in the log database
    std::unordered_map<int64_t, Unflushed> users_, tokens_, channels_;  // entries above applied_
    std::unordered_map<int64_t, int64_t> user_holds_, token_holds_;
    std::unique_ptr<PeriodicTask> flusher_;
    std::chrono::steady_clock::time_point last_flush_;  // the flusher thread's
    std::atomic<int64_t> flushed_ns_{0};                // steady clock of the last flush that worked
    bool stopped_ = false;
    int failures_ = 0;  // consecutive failed flushes (flush_mutex_)
    std::chrono::steady_clock::time_point failure_logged_;
    uint64_t unjournaled_ = 0;  // charges the journal refused (mutex_)
    std::chrono::steady_clock::time_point unjournaled_logged_;
};

}  // namespace gw::billing
