// The ledger's way to the database (see ledger.hpp): taking back what the journal holds at
// start-up, flushing batches under the journal cursor, and the last flush at stop.
#include "billing/checked.hpp"
#include "billing/journal.hpp"
#include "billing/ledger.hpp"
#include "billing/ledger_batch.hpp"
#include "common/error_text.hpp"
#include "common/log.hpp"
#include "metrics/instruments.hpp"
#include "store/database.hpp"
#include "store/ledger_cursor.hpp"
#include "store/transaction.hpp"

#include <Poco/Data/Session.h>

#include <map>
#include <thread>

namespace gw::billing {
namespace {

// Other nodes re-read the balances a flush changed (a cluster's snapshots stay current).
void announce(const store::Cache& cache, const BatchDeltas& d) {
    std::vector<int64_t> users, tokens;
    for (const auto& [id, r] : d.users) users.push_back(id);
    for (const auto& [id, r] : d.tokens) tokens.push_back(id);
    cache.announce_balances(users, tokens);
}

}  // namespace

std::string Ledger::cursor_name(bool logs) const {
    return journal_->id() + (logs ? "/logs" : "");
}

void Ledger::open_journal(const std::string& dir, std::chrono::milliseconds sync_interval) {
    journal_ = std::make_unique<Journal>(dir, sync_interval);
    {
        auto s = db_.session();
        applied_ = static_cast<uint64_t>(store::read_ledger_cursor(db_, s, cursor_name(false)));
    }
    logs_applied_ = applied_;
    if (log_db_) {
        auto s = log_db_->session();
        logs_applied_ = static_cast<uint64_t>(store::read_ledger_cursor(*log_db_, s, cursor_name(true)));
    }
    uint64_t low = std::min(applied_, logs_applied_);
    last_seq_ = std::max(applied_, logs_applied_);
    size_t damaged = 0;
    std::lock_guard lock(mutex_);
    journal_->replay([&](uint64_t seq, std::string_view payload) {
        last_seq_ = std::max(last_seq_, seq);
        if (seq <= low) return;
        try {
            Entry e{seq, decode(payload)};
            if (seq > applied_) count(e.charge, 1);
            entries_.push_back(std::move(e));
        } catch (const std::exception& ex) {
            ++damaged;
            log::error("billing journal: charge #" + std::to_string(seq) + " cannot be read (" + ex.what() + ")");
        }
    });
    log::info("billing journal " + dir + " (" + journal_->id() + "): " + std::to_string(entries_.size()) +
              " charges not yet in the database taken back" +
              (damaged ? ", " + std::to_string(damaged) + " unreadable" : std::string()));
}

bool Ledger::flush() {
    std::lock_guard one(flush_mutex_);
    Batch batch;
    uint64_t from = 0, logs_from = 0;
    {
        std::lock_guard lock(mutex_);
        // Only this thread pops entries_, and push_back keeps references valid: the batch can be
        // read without the lock.
        for (const Entry& e : entries_) batch.push_back(&e);
        from = applied_;
        logs_from = logs_applied_;
    }
    auto worked = [this] {
        flushed_ns_.store(std::chrono::steady_clock::now().time_since_epoch().count(), std::memory_order_relaxed);
    };
    if (batch.empty()) {
        worked();
        return true;
    }
    bool ok = apply_balances(batch, from);
    if (log_db_) {
        uint64_t to = 0;
        {
            std::lock_guard lock(mutex_);
            to = applied_;
        }
        if (to > logs_from) ok = apply_logs(batch, logs_from, to) && ok;
    }
    drop_applied();
    if (ok) {
        flush_worked();
        worked();
    }
    return ok;
}

// One transaction: the cursor moves from `from` to the batch's last seq with the deltas (and the
// logs, without a log database). A cursor already past `from` means an earlier attempt committed
// although its acknowledgement was lost: that part is taken as applied, never written again.
bool Ledger::apply_balances(const Batch& batch, uint64_t from) {
    BatchDeltas deltas;
    std::vector<const Charge*> charges;
    uint64_t to = from;
    for (const Entry* e : batch)
        if (e->seq > from) {
            deltas.add(e->charge);
            charges.push_back(&e->charge);
            to = e->seq;
        }
    if (to == from) return true;
    try {
        auto s = db_.session();
        store::Transaction txn(db_, s);
        if (journal_ && !store::advance_ledger_cursor(db_, s, cursor_name(false), static_cast<int64_t>(from),
                                                      static_cast<int64_t>(to))) {
            auto at = static_cast<uint64_t>(store::read_ledger_cursor(db_, s, cursor_name(false)));
            if (at <= from)
                throw std::runtime_error("the database's cursor is at #" + std::to_string(at) + ", behind #" +
                                         std::to_string(from) + " (restored from a backup?)");
            log::warn("billing: charges up to #" + std::to_string(at) +
                      " were already in the database (a lost COMMIT acknowledgement); they are not applied again");
            std::unique_lock gate(cache_.commit_gate());
            applied(batch, from, std::min(at, to));
            return true;
        }
        write_deltas(db_, s, deltas);
        if (!log_db_) write_logs(db_, s, charges);
        {
            std::unique_lock gate(cache_.commit_gate());  // readers see the rows and unflushed sums agree
            txn.commit();
            applied(batch, from, to);
        }
        announce(cache_, deltas);
        return true;
    } catch (const std::exception& e) {
        flush_failed("billing flush failed", e);
        return false;
    }
}

bool Ledger::apply_logs(const Batch& batch, uint64_t from, uint64_t to) {
    std::vector<const Charge*> charges;
    for (const Entry* e : batch)
        if (e->seq > from && e->seq <= to) charges.push_back(&e->charge);
    try {
        auto s = log_db_->session();
        store::Transaction txn(*log_db_, s);
        if (journal_ && !store::advance_ledger_cursor(*log_db_, s, cursor_name(true), static_cast<int64_t>(from),
                                                      static_cast<int64_t>(to))) {
            auto at = static_cast<uint64_t>(store::read_ledger_cursor(*log_db_, s, cursor_name(true)));
            if (at <= from)
                throw std::runtime_error("the log database's cursor is behind (#" + std::to_string(at) + ")");
            std::lock_guard lock(mutex_);
            logs_applied_ = std::min(at, to);
            return true;
        }
        write_logs(*log_db_, s, charges);
        txn.commit();
        std::lock_guard lock(mutex_);
        logs_applied_ = to;
        return true;
    } catch (const std::exception& e) {
        flush_failed("log database write failed", e);
        return false;
    }
}

void Ledger::flush_failed(const char* what, const std::exception& e) {
    metrics::database_error("flush");
    auto now = std::chrono::steady_clock::now();
    if (failures_++ > 0 && now - failure_logged_ < std::chrono::seconds(30)) return;
    failure_logged_ = now;
    Backlog b = backlog();
    log::error(std::string(what) + " (" + std::to_string(failures_) + " attempts so far; " + std::to_string(b.charges) +
               " charges wait in the journal): " + error_text(e));
}

void Ledger::flush_worked() {
    if (failures_ == 0) return;
    log::warn("billing flushes work again after " + std::to_string(failures_) + " failed attempts");
    failures_ = 0;
}

// Charges (from, to] are in the database: they leave the unflushed sums and enter the snapshot
// rows in one step, so the relay's view of a balance never jumps.
void Ledger::applied(const Batch& batch, uint64_t from, uint64_t to) {
    BatchDeltas d;
    std::unordered_map<int64_t, std::string> token_keys;
    std::lock_guard lock(mutex_);
    for (const Entry* e : batch)
        if (e->seq > from && e->seq <= to) {
            count(e->charge, -1);
            d.add_balances(e->charge);
            token_keys[e->charge.token_id] = e->charge.token_key;
        }
    applied_ = to;
    if (!log_db_) logs_applied_ = to;
    cache_.users.update_many(d.users, [](store::User& u, const BatchDeltas::Row& r) {
        u.quota = sat_add(u.quota, r.quota);
        u.used_quota = sat_add(u.used_quota, r.used);
        u.request_count += static_cast<int>(r.requests);
    });
    std::map<std::string, BatchDeltas::Row> by_key;
    for (const auto& [id, r] : d.tokens) by_key[token_keys[id]] = r;
    cache_.tokens.update_many(by_key, [](store::Token& t, const BatchDeltas::Row& r) {
        t.remain_quota = sat_add(t.remain_quota, r.quota);
        t.used_quota = sat_add(t.used_quota, r.used);
    });
}

void Ledger::drop_applied() {
    uint64_t done = 0;
    {
        std::lock_guard lock(mutex_);
        done = std::min(applied_, logs_applied_);
        while (!entries_.empty() && entries_.front().seq <= done) entries_.pop_front();
    }
    if (journal_) journal_->release(done);
}

void Ledger::start(std::chrono::milliseconds interval, std::chrono::milliseconds longest) {
    constexpr size_t kChargesPerStep = 500;  // each 500 waiting charges add one interval
    last_flush_ = std::chrono::steady_clock::now();
    flusher_ = std::make_unique<PeriodicTask>(interval, "billing flush", [this, interval, longest] {
        size_t waiting = 0;
        {
            std::lock_guard lock(mutex_);
            waiting = entries_.size();
        }
        auto due =
            std::min<std::chrono::milliseconds>(longest, interval * std::max<size_t>(1, waiting / kChargesPerStep));
        auto now = std::chrono::steady_clock::now();
        if (now - last_flush_ + interval / 2 < due) return;
        flush();
        last_flush_ = now;
    });
}

void Ledger::stop() {
    if (stopped_) return;
    stopped_ = true;
    flusher_.reset();
    for (int attempt = 0; attempt < 3 && !flush(); ++attempt) std::this_thread::sleep_for(std::chrono::seconds(1));
    Backlog b = backlog();
    if (b.charges == 0) {
        if (journal_) journal_->release(last_seq_, true);  // all in the database: no segment left
        return;
    }
    if (journal_) {
        journal_->sync();
        log::error("billing: " + std::to_string(b.charges) + " charges (" + std::to_string(b.quota) +
                   " quota) could not reach the database; they are kept in the journal " + journal_->dir() +
                   " and applied at the next start");
    } else {
        log::error("billing: " + std::to_string(b.charges) + " charges (" + std::to_string(b.quota) +
                   " quota) could not reach the database and there is no journal: they are lost");
    }
}

}  // namespace gw::billing
