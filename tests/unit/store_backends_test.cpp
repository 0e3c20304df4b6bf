// The store on every database it supports: SQLite, MariaDB and PostgreSQL (servers started by
// scripts/services.sh; GW_TEST_MYSQL_DSN and GW_TEST_PG_DSN name them in New API's DSN forms).
// Each test runs in a database of its own, created here and dropped afterwards.
#include "store/cache.hpp"
#include "store/channel_repo.hpp"
#include "store/database.hpp"
#include "store/dsn.hpp"
#include "store/log_repo.hpp"
#include "store/migrator.hpp"
#include "store/option_repo.hpp"
#include "store/token_repo.hpp"
#include "store/transaction.hpp"
#include "store/user_repo.hpp"

#include <Poco/Data/Session.h>
#include <gtest/gtest.h>
#include <algorithm>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <thread>

namespace {

using namespace gw::store;
namespace fs = std::filesystem;

std::string env_or_fail(const char* name) {
    const char* v = std::getenv(name);
    if (!v || !*v)
        throw std::runtime_error(std::string(name) + " is not set: run scripts/services.sh (scripts/test.sh does)");
    return v;
}

// A DSN with its database name replaced.
std::string with_database(const std::string& dsn, const std::string& name) {
    size_t q = dsn.find('?');
    size_t slash = dsn.rfind('/', q == std::string::npos ? dsn.size() : q);
    return dsn.substr(0, slash + 1) + name + (q == std::string::npos ? "" : dsn.substr(q));
}

// An ODBC connection string with its DATABASE= replaced.
std::string with_odbc_database(const std::string& dsn, const std::string& name) {
    size_t at = dsn.find("DATABASE=");
    size_t end = dsn.find(';', at);
    return dsn.substr(0, at) + "DATABASE=" + name + (end == std::string::npos ? "" : dsn.substr(end));
}

std::unique_ptr<Database> open(const std::string& dsn_text) {
    Dsn dsn = parse_dsn(dsn_text);
    return Database::open_server(dsn.dialect, dsn.connector, dsn.connection, {8, 1, 60});
}

class Backend : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        std::string name =
            "gw_t_" + std::to_string(::getpid()) + "_" + std::to_string(std::random_device{}() % 1000000);
        const std::string& backend = GetParam();
        if (backend == "sqlite") {
            fs::path p = fs::temp_directory_path() / (name + ".db");
            db_ = Database::open_sqlite(p.string());
            cleanup_ = [p] { fs::remove(p); };
            return;
        }
        admin_dsn_ = env_or_fail(backend == "mysql" ? "GW_TEST_MYSQL_DSN" : "GW_TEST_PG_DSN");
        auto admin = open(admin_dsn_);
        Poco::Data::Session s = admin->session();
        execute(*admin, s, "CREATE DATABASE " + name);
        if (backend == "odbc-postgres")  // the database is created through the native connector
            db_ = open(with_odbc_database(env_or_fail("GW_TEST_ODBC_PG_DSN"), name));
        else
            db_ = open(with_database(admin_dsn_, name));
        cleanup_ = [this, name] {
            db_.reset();
            auto again = open(admin_dsn_);
            Poco::Data::Session s2 = again->session();
            execute(*again, s2, "DROP DATABASE " + name);
        };
    }
    void TearDown() override {
        if (cleanup_) cleanup_();
    }
    int64_t add_user(const std::string& name) {
        User u;
        u.username = name;
        u.password = "x";
        return insert_user(*db_, u);
    }
    std::unique_ptr<Database> db_;
    std::string admin_dsn_;
    std::function<void()> cleanup_;
};

TEST_P(Backend, MigrationsCreateNewApiSchemaAndAreIdempotent) {
    MigrationReport first = migrate(*db_);
    EXPECT_GE(first.created_tables.size(), 10u);
    MigrationReport second = migrate(*db_);
    EXPECT_TRUE(second.created_tables.empty());
    EXPECT_TRUE(second.added_columns.empty());
}

TEST_P(Backend, UsersTokensAndChannelsRoundTripWithIdsUnicodeAndLongText) {
    migrate(*db_);
    User u;
    u.username = "ünï😀";
    u.password = "x";
    u.display_name = "Émoji 😀 名前";
    u.quota = 9007199254740993;  // above 2^53
    int64_t uid = insert_user(*db_, u);
    ASSERT_GT(uid, 0);
    auto back = find_user(*db_, uid);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->display_name, "Émoji 😀 名前");
    EXPECT_EQ(back->quota, 9007199254740993);

    Token t;
    t.user_id = uid;
    t.key = std::string(48, 'k');
    t.name = "key";
    t.unlimited_quota = true;
    int64_t tid = insert_token(*db_, t);
    ASSERT_GT(tid, 0);
    EXPECT_NE(tid, uid + 1000);
    auto tb = find_token_by_key(*db_, t.key);
    ASSERT_TRUE(tb);
    EXPECT_TRUE(tb->unlimited_quota);

    Channel c;
    c.type = 1;
    c.name = "big";
    c.key = std::string(100 * 1024, 'z');  // 100 KB: multi-key channels hold many keys
    c.models = "gpt-4o-mini,gpt-4o";
    c.group = "default,vip";
    int64_t cid = insert_channel(*db_, c);
    auto cb = find_channel(*db_, cid);
    ASSERT_TRUE(cb);
    EXPECT_EQ(cb->key.size(), 100u * 1024);
    EXPECT_EQ(load_abilities(*db_).size(), 4u);  // two models in two groups
}

TEST_P(Backend, TransactionsRollBackAndLogsPage) {
    migrate(*db_);
    int64_t uid = add_user("tx");
    {
        Poco::Data::Session s = db_->session();
        Transaction tx(*db_, s);
        execute(*db_, s, "UPDATE `users` SET `quota` = ? WHERE `id` = ?", {int64_t{777}, uid});
    }  // not committed
    EXPECT_EQ(find_user(*db_, uid)->quota, 0);
    for (int i = 0; i < 25; ++i) {
        Log l;
        l.user_id = uid;
        l.type = 2;
        l.created_at = 1700000000 + i;
        l.model_name = "m" + std::to_string(i % 3);
        l.quota = 10;
        insert_log(*db_, l);
    }
    Rows<Log> page = list_logs(*db_, Where().eq("user_id", uid), Page{2, 10});
    EXPECT_EQ(page.total, 25);
    EXPECT_EQ(page.items.size(), 10u);
    save_option(*db_, "SystemName", "网关 😀");
    EXPECT_EQ(load_options(*db_)["SystemName"], "网关 😀");
}

// Conditional updates (redemptions, quota_data upserts, options) rely on the affected-row count.
TEST_P(Backend, UpdatesReportTheRowsTheyChanged) {
    migrate(*db_);
    int64_t uid = add_user("rows");
    Poco::Data::Session s = db_->session();
    EXPECT_EQ(execute(*db_, s, "UPDATE `users` SET `quota` = 5 WHERE `id` = ?", {uid + 1000}), 0u);
    EXPECT_EQ(execute(*db_, s, "UPDATE `users` SET `quota` = 5 WHERE `id` = ?", {uid}), 1u);
}

TEST_P(Backend, ConcurrentWritersThroughThePool) {
    migrate(*db_);
    std::atomic<int> errors{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 25; ++i) try {
                    Log l;
                    l.type = 2;
                    l.created_at = 1700000000;
                    l.content = "t" + std::to_string(t);
                    insert_log(*db_, l);
                } catch (const std::exception&) {
                    ++errors;
                }
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(errors.load(), 0);
    EXPECT_EQ(list_logs(*db_, Where(), Page{1, 1}).total, 100);
}

TEST_P(Backend, TheCacheLoadsWhatTheRepositoriesWrote) {
    migrate(*db_);
    int64_t uid = add_user("cached");
    Token t;
    t.user_id = uid;
    t.key = std::string(48, 'c');
    insert_token(*db_, t);
    Cache cache(*db_);
    cache.reload_all();
    ASSERT_TRUE(cache.tokens.get(t.key));
    EXPECT_EQ(cache.users.get(uid)->username, "cached");
}

INSTANTIATE_TEST_SUITE_P(Databases, Backend, ::testing::Values("sqlite", "mysql", "postgres", "odbc-postgres"),
                         [](const auto& info) {
                             std::string n = info.param;
                             std::replace(n.begin(), n.end(), '-', '_');
                             return n;
                         });

TEST(Dsn, ReadsNewApisForms) {
    Dsn pg = parse_dsn("postgres://gw:p%40ss@db.example:6543/newapi?sslmode=disable");
    EXPECT_EQ(pg.dialect, Dialect::postgres);
    EXPECT_EQ(pg.connection,
              "host='db.example' port='6543' dbname='newapi' user='gw' password='p@ss' sslmode='disable'");
    Dsn my = parse_dsn("root:se:cret@tcp(10.0.0.5:3307)/oneapi?charset=utf8mb4&parseTime=True&loc=Local");
    EXPECT_EQ(my.dialect, Dialect::mysql);
    EXPECT_EQ(my.connection,
              "host=10.0.0.5;port=3307;db=oneapi;user=root;password=se:cret;character-set=utf8mb4;auto-reconnect=true");
    EXPECT_EQ(parse_dsn("local").dialect, Dialect::sqlite);
    EXPECT_EQ(parse_dsn("").dialect, Dialect::sqlite);
    EXPECT_THROW(parse_dsn("mongodb://x"), DsnError);
    Dsn odbc = parse_dsn("odbc:DRIVER={PostgreSQL Unicode};SERVER=db;DATABASE=newapi;UID=gw;PWD=secret");
    EXPECT_EQ(odbc.dialect, Dialect::postgres);
    EXPECT_EQ(odbc.connector, "ODBC");
    EXPECT_EQ(odbc.connection,
              "DRIVER={PostgreSQL Unicode};SERVER=db;DATABASE=newapi;UID=gw;PWD=secret;"
              "MaxVarcharSize=16777216;MaxLongVarcharSize=16777216;");
    EXPECT_EQ(odbc.describe.find("secret"), std::string::npos);
    EXPECT_EQ(parse_dsn("odbc:Driver=PostgreSQL ANSI;Database=x;MaxVarcharSize=100").connection,
              "Driver=PostgreSQL ANSI;Database=x;MaxVarcharSize=100;MaxLongVarcharSize=16777216;");
    EXPECT_THROW(parse_dsn("odbc:Driver={MariaDB Unicode};Database=x"), DsnError);
    EXPECT_THROW(parse_dsn("odbc:DRIVER=SQLite3;DATABASE=/tmp/x.db"), DsnError);
    EXPECT_THROW(parse_dsn("odbc:DRIVER={Oracle 19};DBQ=x"), DsnError);
    EXPECT_EQ(my.describe.find("se:cret"), std::string::npos);
}

}  // namespace
