// The ledger's money rules against every database: writes name their columns and never put a
// balance back, a batch is applied once even when its COMMIT landed unacknowledged, charges left
// in the journal by a killed process reach the database, and reads through the ledger never count
// a charge twice or miss it while flushes run.
#include "backend_fixture.hpp"
#include "billing/charge.hpp"
#include "billing/journal.hpp"
#include "billing/ledger.hpp"
#include "store/cache.hpp"
#include "store/ledger_cursor.hpp"
#include "store/log_repo.hpp"
#include "store/migrator.hpp"
#include "store/token_repo.hpp"

#include <atomic>
#include <fstream>
#include <thread>

namespace {

using namespace gw::store;
using gw::billing::Charge;
using gw::billing::Ledger;
using gw_test::Backend;
using std::chrono::milliseconds;
namespace fs = std::filesystem;

struct Account {
    int64_t user = 0, token = 0;
    std::string key;
};

Account make_account(Database& db, int64_t quota) {
    User u;
    u.username = "payer";
    u.password = "x";
    Account a;
    a.user = insert_user(db, u);
    add_user_quota(db, a.user, quota);
    Token t;
    t.user_id = a.user;
    t.key = std::string(48, 't');
    t.unlimited_quota = true;
    a.token = insert_token(db, t);
    a.key = t.key;
    return a;
}

Charge charge(const Account& a, int64_t quota, const std::string& request_id) {
    Charge c;
    c.user_id = a.user;
    c.token_id = a.token;
    c.token_key = a.key;
    c.quota = quota;
    c.log.type = 2;
    c.log.user_id = a.user;
    c.log.created_at = 1700000000;
    c.log.quota = quota;
    c.log.model_name = "m";
    c.log.request_id = request_id;
    return c;
}

fs::path journal_dir() {
    return fs::temp_directory_path() / ("gw-ledger-" + std::to_string(std::random_device{}()));
}

std::string journal_id(const fs::path& dir) {
    std::string id;
    std::getline(std::ifstream(dir / "id"), id);
    return id;
}

int64_t consume_logs(Database& db, int64_t user) {
    return list_logs(db, Where().eq("user_id", user).eq("type", int64_t{2}), Page{1, 1}).total;
}

// A migrated database with one paying account, its snapshots, and a journal directory removed
// afterwards; ledger() opens a ledger on them.
struct Rig {
    Rig(Database& db, int64_t quota) : db(db), cache(db) {
        migrate(db);
        account = make_account(db, quota);
        cache.reload_all();
    }
    ~Rig() { fs::remove_all(dir); }
    std::unique_ptr<Ledger> ledger() {
        auto l = std::make_unique<Ledger>(db, cache);
        l->open_journal(dir.string(), milliseconds(5));
        return l;
    }
    Database& db;
    Account account;
    Cache cache;
    fs::path dir = journal_dir();
};

TEST_P(Backend, ColumnUpdatesNeverWriteBackABalance) {
    migrate(*db_);
    Account a = make_account(*db_, 0);
    User stale = *find_user(*db_, a.user);
    Token stale_token = *find_token(*db_, a.token);
    add_user_quota(*db_, a.user, 500);  // lands between the read and the write below
    add_token_remain(*db_, a.token, 70);
    stale.display_name = "renamed";
    update_user_columns(*db_, stale, {"display_name"});
    stale_token.name = "renamed";
    update_token_columns(*db_, stale_token, {"name"});
    EXPECT_EQ(find_user(*db_, a.user)->quota, 500);
    EXPECT_EQ(find_user(*db_, a.user)->display_name, "renamed");
    EXPECT_EQ(find_token(*db_, a.token)->remain_quota, 70);
    EXPECT_EQ(find_token(*db_, a.token)->name, "renamed");
    EXPECT_THROW(update_user_columns(*db_, stale, {"quota"}), std::logic_error);
    EXPECT_THROW(update_user_columns(*db_, stale, {"display_name", "used_quota"}), std::logic_error);
    EXPECT_THROW(update_token_columns(*db_, stale_token, {"remain_quota"}), std::logic_error);
    EXPECT_THROW(update_user_columns(*db_, stale, {"no_such_column"}), std::logic_error);
}

TEST_P(Backend, TheLedgerCursorMovesOnlyFromWhereItIs) {
    migrate(*db_);
    auto s = db_->session();
    EXPECT_EQ(read_ledger_cursor(*db_, s, "j1"), 0);
    EXPECT_TRUE(advance_ledger_cursor(*db_, s, "j1", 0, 5));
    EXPECT_FALSE(advance_ledger_cursor(*db_, s, "j1", 0, 7));  // a replayed batch
    EXPECT_EQ(read_ledger_cursor(*db_, s, "j1"), 5);
    EXPECT_EQ(read_ledger_cursor(*db_, s, "j2"), 0);  // journals are independent
}

TEST_P(Backend, ABatchWhoseCommitLandedUnacknowledgedIsNotAppliedAgain) {
    Rig rig(*db_, 1000);
    const Account& a = rig.account;
    {
        auto ledger = rig.ledger();
        for (int i = 1; i <= 3; ++i) ledger->settle(charge(a, 10, "req-" + std::to_string(i)));
        // What the batch's transaction does, as if its COMMIT succeeded but the answer was lost.
        {
            auto s = db_->session();
            execute(*db_, s,
                    "UPDATE `users` SET `quota` = `quota` - 30, `used_quota` = `used_quota` + 30 WHERE `id` = ?",
                    {a.user});
            for (int i = 1; i <= 3; ++i) insert_log(*db_, charge(a, 10, "req-" + std::to_string(i)).log);
            ASSERT_TRUE(advance_ledger_cursor(*db_, s, journal_id(rig.dir), 0, 3));
        }
        EXPECT_TRUE(ledger->flush());
        EXPECT_EQ(find_user(*db_, a.user)->quota, 970);
        EXPECT_EQ(consume_logs(*db_, a.user), 3);
        EXPECT_EQ(ledger->user_quota(*rig.cache.users.get(a.user)), 970);  // not 940
        EXPECT_EQ(ledger->backlog().charges, 0u);
    }
}

TEST_P(Backend, ChargesLeftInTheJournalReachTheDatabaseOnce) {
    Rig rig(*db_, 1000);
    const Account& a = rig.account;
    {  // what a killed process leaves: three journaled charges, none in the database
        gw::billing::Journal j(rig.dir.string(), milliseconds(5));
        j.replay([](uint64_t, std::string_view) {});
        for (uint64_t seq = 1; seq <= 3; ++seq) j.append(seq, encode(charge(a, 25, "req-" + std::to_string(seq))));
    }
    for (int start = 0; start < 2; ++start) {  // the second start must apply nothing
        auto ledger = rig.ledger();
        if (start == 0) {
            EXPECT_EQ(ledger->backlog().charges, 3u);
            EXPECT_EQ(ledger->user_quota(*rig.cache.users.get(a.user)), 925);  // counted before the flush
        }
        EXPECT_TRUE(ledger->flush());
        EXPECT_EQ(find_user(*db_, a.user)->quota, 925);
        EXPECT_EQ(find_user(*db_, a.user)->used_quota, 75);
        EXPECT_EQ(find_token(*db_, a.token)->used_quota, 75);
        EXPECT_EQ(consume_logs(*db_, a.user), 3);
    }
}

// The commit waits for readers holding the gate: a row read under it and the unflushed sums
// added to it belong to the same side of the commit.
TEST_P(Backend, AFlushCommitsOnlyWhenNoReaderHoldsTheGate) {
    Rig rig(*db_, 1000);
    const Account& a = rig.account;
    auto ledger = rig.ledger();
    ledger->settle(charge(a, 10, "gated"));
    std::atomic<bool> flushed{false};
    std::shared_lock reader(rig.cache.commit_gate());
    std::thread flusher([&] { flushed = ledger->flush(); });
    std::this_thread::sleep_for(milliseconds(200));
    EXPECT_FALSE(flushed.load());
    EXPECT_EQ(ledger->current_row(*rig.cache.users.get(a.user)).quota, 990);
    reader.unlock();
    flusher.join();
    EXPECT_TRUE(flushed.load());
    EXPECT_EQ(find_user(*db_, a.user)->quota, 990);
    EXPECT_EQ(ledger->current([&] { return find_user(*db_, a.user); })->quota, 990);
}

// quota + used_quota (and a token's remain_quota + used_quota) stays constant under charges alone:
// a read that counted a charge twice (or missed one) while a flush commits breaks it.
TEST_P(Backend, ReadsThroughTheLedgerStayExactWhileFlushesCommit) {
    Rig rig(*db_, 1000000);
    const Account& a = rig.account;
    auto owned = rig.ledger();
    Ledger& ledger = *owned;
    {
        std::atomic<bool> done{false};
        std::atomic<int> reads{0}, wrong{0};
        std::thread charger([&] {
            for (int i = 0; i < 1000; ++i) {
                ledger.settle(charge(a, 3, "r" + std::to_string(i)));
                if (i % 4 == 0) std::this_thread::sleep_for(std::chrono::microseconds(500));  // many small flushes
            }
            done = true;
        });
        std::thread flusher([&] {
            while (!done) ledger.flush();
            ledger.flush();
        });
        auto reader = [&] {
            do {
                auto u = ledger.current([&] { return find_user(*db_, a.user); });
                auto t = ledger.current([&] { return find_token(*db_, a.token); });
                User snap = ledger.current_row(*rig.cache.users.get(a.user));
                ++reads;
                if (u->quota + u->used_quota != 1000000 || t->remain_quota + t->used_quota != 0 ||
                    snap.quota + snap.used_quota != 1000000)
                    ++wrong;
            } while (!done);
        };
        std::vector<std::thread> readers;
        for (int r = 0; r < 3; ++r) readers.emplace_back(reader);
        charger.join();
        flusher.join();
        for (auto& r : readers) r.join();
        EXPECT_EQ(wrong.load(), 0) << "of " << reads.load() << " reads";
        EXPECT_GE(reads.load(), 3);
        EXPECT_EQ(find_user(*db_, a.user)->used_quota, 3000);
        EXPECT_EQ(consume_logs(*db_, a.user), 1000);
    }
}

}  // namespace
