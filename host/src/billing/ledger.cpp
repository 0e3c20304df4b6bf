#include "billing/ledger.hpp"

#include "billing/checked.hpp"
#include "billing/journal.hpp"
#include "billing/shared_quota.hpp"
#include "common/error_text.hpp"
#include "common/log.hpp"

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

}  // namespace

Ledger::Ledger(store::Database& db, store::Cache& cache, store::Database* log_db)
    : db_(db), cache_(cache), log_db_(log_db == &db ? nullptr : log_db) {}

Ledger::~Ledger() {
    stop();
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
    std::shared_ptr<const store::User> user;
    int64_t after = 0, charged = c.quota;
    {
        std::lock_guard lock(mutex_);
        release_locally(c.user_id, c.token_id, c.held);
        uint64_t seq = ++last_seq_;
        if (journal_) try {
                journal_->append(seq, payload);
            } catch (const std::exception& e) {
                journal_failed(seq, e);
            }
        count(c, 1);
        if (observer_ && charged > 0 && (user = cache_.users.get(c.user_id))) {
            auto it = users_.find(c.user_id);
            after = sat_add(user->quota, it == users_.end() ? 0 : it->second.quota);
        }
        entries_.push_back({seq, std::move(c)});
    }
    if (user) observer_->balance_fell(*user, sat_add(after, charged), after);
}

// With mutex_ held. A full disk fails every append: said once every 10 s, with the count.
void Ledger::journal_failed(uint64_t seq, const std::exception& e) {
    auto now = std::chrono::steady_clock::now();
    if (unjournaled_++ > 0 && now - unjournaled_logged_ < std::chrono::seconds(10)) return;
    unjournaled_logged_ = now;
    log::error("billing journal: charge #" + std::to_string(seq) + " and " + std::to_string(unjournaled_ - 1) +
               " before it are in memory only until the next flush (a kill now would lose them): " + error_text(e));
}

Ledger::Backlog Ledger::backlog() const {
    std::lock_guard lock(mutex_);
    Backlog b;
    b.charges = entries_.size();
    for (const Entry& e : entries_) b.quota = sat_add(b.quota, e.charge.quota);
    return b;
}

double Ledger::flush_lag_seconds() const {
    {
        std::lock_guard lock(mutex_);
        if (entries_.empty()) return 0;
    }
    auto since = std::chrono::steady_clock::now().time_since_epoch().count() - flushed_ns_.load();
    return std::chrono::duration<double>(std::chrono::steady_clock::duration(since)).count();
}

}  // namespace gw::billing
