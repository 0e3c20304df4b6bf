#include "billing/ledger.hpp"

#include "billing/checked.hpp"
#include "billing/journal.hpp"
#include "billing/ledger_batch.hpp"
#include "billing/shared_quota.hpp"
#include "common/error_text.hpp"
#include "common/log.hpp"
#include "store/database.hpp"
#include "store/ledger_cursor.hpp"
#include "store/transaction.hpp"

#include <Poco/Data/Session.h>

#include <map>
#include <thread>

namespace gw::billing {

namespace {

int64_t held(const std::unordered_map<int64_t, int64_t>& m, int64_t id) {
    auto it = m.find(id);
    return it == m.end() ? 0 : it->second;
}

// A charge that changes nothing in the database (an unbilled failure without an error log).
bool writes_nothing(const Charge& c) {
    return c.quota == 0 && !c.counts_request && c.log.type == 0;
}

// Other nodes re-read the balances a flush changed (a cluster's snapshots stay current).
void announce(const store::Cache& cache, const BatchDeltas& d) {
    std::vector<int64_t> users, tokens;
    for (const auto& [id, r] : d.users) users.push_back(id);
    for (const auto& [id, r] : d.tokens) tokens.push_back(id);
    cache.announce_balances(users, tokens);
}

}  // namespace

Ledger::Ledger(store::Database& db, store::Cache& cache, store::Database* log_db)
    : db_(db), cache_(cache), log_db_(log_db == &db ? nullptr : log_db) {}

Ledger::~Ledger() {
    stop();
}

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

store::User Ledger::latest(const store::User& fallback) const {
    auto row = cache_.users.get(fallback.id);
    return row ? *row : fallback;
}

store::Token Ledger::latest(const store::Token& fallback) const {
    auto row = cache_.tokens.get(fallback.key);
    return row ? *row : fallback;
}

int64_t Ledger::user_left(const store::User& u) const {
    auto row = cache_.users.get(u.id);
    int64_t base = row ? row->quota : u.quota;
    auto it = users_.find(u.id);
    int64_t pending = it == users_.end() ? 0 : it->second.quota;
    return sat_sub(sat_add(base, pending), held(user_holds_, u.id));
}

int64_t Ledger::token_left(const store::Token& t) const {
    auto row = cache_.tokens.get(t.key);
    int64_t base = row ? row->remain_quota : t.remain_quota;
    auto it = tokens_.find(t.id);
    int64_t pending = it == tokens_.end() ? 0 : it->second.quota;
    return sat_sub(sat_add(base, pending), held(token_holds_, t.id));
}

store::User Ledger::current_row(const store::User& u) const {
    std::lock_guard lock(mutex_);
    store::User row = latest(u);
    add_unflushed(row);
    return row;
}

store::Token Ledger::current_row(const store::Token& t) const {
    std::lock_guard lock(mutex_);
    store::Token row = latest(t);
    add_unflushed(row);
    return row;
}

int64_t Ledger::user_quota(const store::User& u) const {
    std::lock_guard lock(mutex_);
    return user_left(u);
}

int64_t Ledger::token_remain(const store::Token& t) const {
    std::lock_guard lock(mutex_);
    return token_left(t);
}

void Ledger::add_unflushed(store::User& u) const {
    auto it = users_.find(u.id);
    if (it == users_.end()) return;
    u.quota = sat_add(u.quota, it->second.quota);
    u.used_quota = sat_add(u.used_quota, it->second.used);
    u.request_count += static_cast<int>(it->second.requests);
}

void Ledger::add_unflushed(store::Token& t) const {
    auto it = tokens_.find(t.id);
    if (it == tokens_.end()) return;
    t.remain_quota = sat_add(t.remain_quota, it->second.quota);
    t.used_quota = sat_add(t.used_quota, it->second.used);
}

void Ledger::add_unflushed(store::Channel& c) const {
    auto it = channels_.find(c.id);
    if (it != channels_.end()) c.used_quota = sat_add(c.used_quota, it->second.used);
}

Ledger::Hold Ledger::hold(const store::User& u, const store::Token& t, int64_t amount) {
    if (amount < 0 || amount > kMaxQuota) throw std::invalid_argument("hold amount out of range");
    int64_t user = 0, token = 0;
    HoldResult local = HoldResult::ok;  // this node's verdict
    {
        std::lock_guard lock(mutex_);
        user = user_left(u);
        token = t.unlimited_quota ? 0 : token_left(t);
        if (user <= 0 || user < amount)
            local = HoldResult::user_insufficient;
        else if (!t.unlimited_quota && (token <= 0 || token < amount))
            local = HoldResult::token_insufficient;
        if (!shared_ || amount == 0) {
            if (local == HoldResult::ok) hold_locally(u.id, t.id, amount);
            return {local};
        }
    }
    // The shared counters have the last word while Redis answers (another node's top-up counts
    // before its notice reaches this snapshot). Outside the lock: the round trip must not
    // serialise this node's admissions.
    auto verdict = shared_->hold(u.id, user, t.id, t.unlimited_quota ? std::nullopt : std::optional(token), amount);
    if (verdict == SharedQuota::Verdict::user_insufficient) return {HoldResult::user_insufficient};
    if (verdict == SharedQuota::Verdict::token_insufficient) return {HoldResult::token_insufficient};
    if (verdict == SharedQuota::Verdict::unavailable && local != HoldResult::ok) return {local};
    std::lock_guard lock(mutex_);
    hold_locally(u.id, t.id, amount);
    return {HoldResult::ok, verdict == SharedQuota::Verdict::ok};
}

void Ledger::hold_locally(int64_t user_id, int64_t token_id, int64_t amount) {
    if (amount == 0) return;
    user_holds_[user_id] += amount;
    token_holds_[token_id] += amount;
}

void Ledger::release_locally(int64_t user_id, int64_t token_id, int64_t amount) {
    if (amount == 0) return;
    if ((user_holds_[user_id] -= amount) == 0) user_holds_.erase(user_id);
    if ((token_holds_[token_id] -= amount) == 0) token_holds_.erase(token_id);
}

void Ledger::release(int64_t user_id, int64_t token_id, int64_t amount, bool shared) {
    if (amount == 0) return;
    if (shared && shared_) shared_->adjust_later(user_id, token_id, amount);
    std::lock_guard lock(mutex_);
    release_locally(user_id, token_id, amount);
}

// Adds (sign 1) or takes back (sign -1, once flushed) a charge in the unflushed sums.
void Ledger::count(const Charge& c, int sign) {
    if (c.quota == 0 && !c.counts_request) return;
    int64_t quota = sign * c.quota;
    Unflushed& u = users_[c.user_id];
    u.quota = sat_sub(u.quota, quota);
    u.used = sat_add(u.used, quota);
    u.requests += c.counts_request ? sign : 0;
    if (u.quota == 0 && u.used == 0 && u.requests == 0) users_.erase(c.user_id);
    Unflushed& t = tokens_[c.token_id];
    t.quota = sat_sub(t.quota, quota);
    t.used = sat_add(t.used, quota);
    if (t.quota == 0 && t.used == 0) tokens_.erase(c.token_id);
    if (!c.channel_id) return;
    Unflushed& ch = channels_[c.channel_id];
    ch.used = sat_add(ch.used, quota);
    if (ch.used == 0) channels_.erase(c.channel_id);
}

void Ledger::settle(Charge c) {
    if (shared_) shared_->adjust_later(c.user_id, c.token_id, (c.shared_hold ? c.held : 0) - c.quota);
    if (writes_nothing(c)) return release(c.user_id, c.token_id, c.held, false);
    std::string payload = journal_ ? encode(c) : std::string();
    std::lock_guard lock(mutex_);
    release_locally(c.user_id, c.token_id, c.held);
    uint64_t seq = ++last_seq_;
    if (journal_) try {
            journal_->append(seq, payload);
        } catch (const std::exception& e) {
            journal_failed(seq, e);
        }
    count(c, 1);
    entries_.push_back({seq, std::move(c)});
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
    if (batch.empty()) return true;
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
    if (ok) flush_worked();
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

// With mutex_ held. A full disk fails every append: said once every 10 s, with the count.
void Ledger::journal_failed(uint64_t seq, const std::exception& e) {
    auto now = std::chrono::steady_clock::now();
    if (unjournaled_++ > 0 && now - unjournaled_logged_ < std::chrono::seconds(10)) return;
    unjournaled_logged_ = now;
    log::error("billing journal: charge #" + std::to_string(seq) + " and " + std::to_string(unjournaled_ - 1) +
               " before it are in memory only until the next flush (a kill now would lose them): " + error_text(e));
}

void Ledger::flush_failed(const char* what, const std::exception& e) {
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
            d.add(e->charge);
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

Ledger::Backlog Ledger::backlog() const {
    std::lock_guard lock(mutex_);
    Backlog b;
    b.charges = entries_.size();
    for (const Entry& e : entries_) b.quota = sat_add(b.quota, e.charge.quota);
    return b;
}

void Ledger::start(std::chrono::milliseconds interval) {
    flusher_ = std::make_unique<PeriodicTask>(interval, "billing flush", [this] { flush(); });
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
