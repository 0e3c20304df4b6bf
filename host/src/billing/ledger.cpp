#include "billing/ledger.hpp"

#include "billing/shared_quota.hpp"
#include "common/log.hpp"
#include "store/cache.hpp"
#include "store/database.hpp"
#include "store/orm.hpp"
#include "store/transaction.hpp"

#include <Poco/Data/Session.h>

#include <ctime>
#include <thread>

namespace gw::billing {

void Ledger::Batch::merge(Batch&& o) {
    auto add = [](std::unordered_map<int64_t, Delta>& into, std::unordered_map<int64_t, Delta>& from) {
        for (auto& [id, d] : from) {
            Delta& t = into[id];
            t.quota += d.quota;
            t.used += d.used;
            t.requests += d.requests;
            if (t.token_key.empty()) t.token_key = d.token_key;
        }
    };
    add(users, o.users);
    add(tokens, o.tokens);
    add(channels, o.channels);
    logs.insert(logs.end(), std::make_move_iterator(o.logs.begin()), std::make_move_iterator(o.logs.end()));
    for (auto& [key, q] : o.quota_data) {
        auto& t = quota_data[key];
        if (t.user_id == 0)
            t = q;
        else {
            t.count += q.count;
            t.quota += q.quota;
            t.token_used += q.token_used;
        }
    }
}

Ledger::Ledger(store::Database& db, store::Cache& cache, store::Database* log_db)
    : db_(db), cache_(cache), log_db_(log_db == &db ? nullptr : log_db) {}

Ledger::~Ledger() {
    stop();
}

int64_t Ledger::sum(const std::unordered_map<int64_t, Delta>& m, int64_t id) {
    auto it = m.find(id);
    return it == m.end() ? 0 : it->second.quota;
}

int64_t Ledger::held(const std::unordered_map<int64_t, int64_t>& m, int64_t id) {
    auto it = m.find(id);
    return it == m.end() ? 0 : it->second;
}

int64_t Ledger::user_left(const store::User& u) const {
    return u.quota + sum(pending_.users, u.id) + sum(inflight_.users, u.id) - held(user_holds_, u.id);
}

int64_t Ledger::token_left(const store::Token& t) const {
    return t.remain_quota + sum(pending_.tokens, t.id) + sum(inflight_.tokens, t.id) - held(token_holds_, t.id);
}

int64_t Ledger::user_quota(const store::User& u) const {
    std::lock_guard lock(mutex_);
    return user_left(u);
}

int64_t Ledger::token_remain(const store::Token& t) const {
    std::lock_guard lock(mutex_);
    return token_left(t);
}

Ledger::Hold Ledger::hold(const store::User& u, const store::Token& t, int64_t amount) {
    int64_t user = 0, token = 0;
    {
        std::lock_guard lock(mutex_);
        user = user_left(u);
        if (user <= 0 || user < amount) return {HoldResult::user_insufficient};
        if (!t.unlimited_quota) {
            token = token_left(t);
            if (token <= 0 || token < amount) return {HoldResult::token_insufficient};
        }
        if (!shared_ || amount == 0) {
            hold_locally(u.id, t.id, amount);
            return {};
        }
    }
    // Outside the lock: the round trip to Redis must not serialise this node's admissions.
    auto verdict = shared_->hold(u.id, user, t.id, t.unlimited_quota ? std::nullopt : std::optional(token), amount);
    if (verdict == SharedQuota::Verdict::user_insufficient) return {HoldResult::user_insufficient};
    if (verdict == SharedQuota::Verdict::token_insufficient) return {HoldResult::token_insufficient};
    std::lock_guard lock(mutex_);
    hold_locally(u.id, t.id, amount);
    return {HoldResult::ok, verdict == SharedQuota::Verdict::ok};
}

void Ledger::hold_locally(int64_t user_id, int64_t token_id, int64_t amount) {
    if (amount == 0) return;
    user_holds_[user_id] += amount;
    token_holds_[token_id] += amount;
}

void Ledger::release(int64_t user_id, int64_t token_id, int64_t amount, bool shared) {
    if (amount == 0) return;
    if (shared && shared_) shared_->adjust(user_id, token_id, amount);
    std::lock_guard lock(mutex_);
    if ((user_holds_[user_id] -= amount) == 0) user_holds_.erase(user_id);
    if ((token_holds_[token_id] -= amount) == 0) token_holds_.erase(token_id);
}

void Ledger::settle(Charge c) {
    if (shared_) shared_->adjust(c.user_id, c.token_id, (c.shared_hold ? c.held : 0) - c.quota);
    release(c.user_id, c.token_id, c.held, false);
    std::lock_guard lock(mutex_);
    if (c.quota != 0 || c.counts_request) {
        Delta& u = pending_.users[c.user_id];
        u.quota -= c.quota;
        u.used += c.quota;
        u.requests += c.counts_request ? 1 : 0;
        Delta& t = pending_.tokens[c.token_id];
        t.quota -= c.quota;
        t.used += c.quota;
        t.token_key = c.token_key;
        if (c.channel_id) pending_.channels[c.channel_id].used += c.quota;
    }
    if (c.log.type == 2) {
        int64_t hour = c.log.created_at - c.log.created_at % 3600;
        store::QuotaData& q = pending_.quota_data[{c.user_id, c.log.model_name, hour}];
        if (q.user_id == 0) {
            q.user_id = c.user_id;
            q.username = c.log.username;
            q.model_name = c.log.model_name;
            q.created_at = hour;
        }
        q.count += 1;
        q.quota += c.quota;
        q.token_used += c.tokens;
    }
    if (c.log.type != 0 && c.log_row) pending_.logs.push_back(std::move(c.log));
}

bool Ledger::flush() {
    std::lock_guard one(flush_mutex_);
    {
        std::lock_guard lock(mutex_);
        if (pending_.empty()) return true;
        inflight_ = std::move(pending_);
        pending_ = Batch{};
    }
    try {
        write(inflight_);
    } catch (const std::exception& e) {
        log::error(std::string("billing flush failed, kept for the next one: ") + e.what());
        std::lock_guard lock(mutex_);
        inflight_.merge(std::move(pending_));
        pending_ = std::move(inflight_);
        inflight_ = Batch{};
        return false;
    }
    refresh(inflight_);
    if (log_db_) write_logs(inflight_.logs);
    std::lock_guard lock(mutex_);
    inflight_ = Batch{};
    return true;
}

// The balances are in: a failure here only delays the logs (kept for the next flush).
void Ledger::write_logs(std::vector<store::Log>& logs) {
    if (logs.empty()) return;
    try {
        auto s = log_db_->session();
        store::Transaction txn(*log_db_, s);
        store::insert_rows(*log_db_, s, logs);
        txn.commit();
    } catch (const std::exception& e) {
        log::error(std::string("log database write failed, logs kept for the next flush: ") + e.what());
        std::lock_guard lock(mutex_);
        pending_.logs.insert(pending_.logs.begin(), std::make_move_iterator(logs.begin()),
                             std::make_move_iterator(logs.end()));
    }
}

void Ledger::write(const Batch& b) {
    auto s = db_.session();
    store::Transaction txn(db_, s);
    int64_t now = static_cast<int64_t>(std::time(nullptr));
    for (const auto& [id, d] : b.users)
        store::execute(db_, s,
                       "UPDATE `users` SET `quota` = `quota` + ?, `used_quota` = `used_quota` + ?, "
                       "`request_count` = `request_count` + ? WHERE `id` = ?",
                       {d.quota, d.used, d.requests, id});
    for (const auto& [id, d] : b.tokens)
        store::execute(db_, s,
                       "UPDATE `tokens` SET `remain_quota` = `remain_quota` + ?, `used_quota` = `used_quota` + ?, "
                       "`accessed_time` = ? WHERE `id` = ?",
                       {d.quota, d.used, now, id});
    for (const auto& [id, d] : b.channels)
        store::execute(db_, s, "UPDATE `channels` SET `used_quota` = `used_quota` + ? WHERE `id` = ?", {d.used, id});
    if (!log_db_) store::insert_rows(db_, s, b.logs);
    for (const auto& [key, q] : b.quota_data) {
        size_t n = store::execute(db_, s,
                                  "UPDATE `quota_data` SET `count` = `count` + ?, `quota` = `quota` + ?, "
                                  "`token_used` = `token_used` + ? WHERE `user_id` = ? AND `model_name` = ? AND "
                                  "`created_at` = ?",
                                  {q.count, q.quota, q.token_used, q.user_id, q.model_name, q.created_at});
        if (n == 0) store::insert_row(db_, s, q);
    }
    txn.commit();
}

// The snapshot rows catch up with what was just written (then the in-flight deltas are dropped).
void Ledger::refresh(const Batch& b) {
    try {
        for (const auto& [id, d] : b.users) cache_.refresh_user(id);
        for (const auto& [id, d] : b.tokens)
            if (!d.token_key.empty()) cache_.refresh_token(d.token_key);
    } catch (const std::exception& e) {
        log::warn(std::string("billing: snapshot refresh after flush failed: ") + e.what());
    }
}

void Ledger::start(std::chrono::milliseconds interval) {
    flusher_ = std::make_unique<PeriodicTask>(interval, "billing flush", [this] { flush(); });
}

void Ledger::stop() {
    if (stopped_) return;
    stopped_ = true;
    flusher_.reset();
    for (int attempt = 0; attempt < 3 && !flush(); ++attempt) std::this_thread::sleep_for(std::chrono::seconds(1));
}

}  // namespace gw::billing
