// The store on every database it supports: SQLite, MariaDB and PostgreSQL (servers started by
// scripts/services.sh; GW_TEST_MYSQL_DSN and GW_TEST_PG_DSN name them in New API's DSN forms).
// Each test runs in a database of its own, created here and dropped afterwards.
#include "backend_fixture.hpp"
#include "store/cache.hpp"
#include "store/channel_repo.hpp"
#include "store/log_repo.hpp"
#include "store/migrator.hpp"
#include "store/option_repo.hpp"
#include "store/token_repo.hpp"
#include "store/transaction.hpp"
#include "store/user_repo.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

namespace {

using namespace gw::store;
using gw_test::Backend;

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
