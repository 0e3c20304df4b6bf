// Migrations on an empty database and on one created by One API.
#include "store/cache.hpp"
#include "store/channel_repo.hpp"
#include "store/database.hpp"
#include "store/migrator.hpp"
#include "store/option_repo.hpp"
#include "store/token_repo.hpp"
#include "store/user_repo.hpp"

#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace gw::store;

namespace {

std::string temp_db(const std::string& name) {
    fs::path dir = fs::temp_directory_path() / ("gw-migrate-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    fs::path p = dir / name;
    fs::remove(p);
    return p.string();
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(Migration, CreatesEveryTableOnAnEmptyDatabaseAndIsIdempotent) {
    auto db = Database::open_sqlite(temp_db("empty.db"));
    MigrationReport first = migrate(*db);
    for (const char* t : {"users", "tokens", "channels", "abilities", "options", "logs", "redemptions", "top_ups",
                          "quota_data", "setups"})
        EXPECT_TRUE(contains(first.created_tables, t)) << t;
    EXPECT_TRUE(contains(first.created_indexes, "idx_tokens_key"));
    MigrationReport second = migrate(*db);
    EXPECT_TRUE(second.created_tables.empty());
    EXPECT_TRUE(second.added_columns.empty());
    EXPECT_TRUE(second.created_indexes.empty());
}

TEST(Migration, RoundTripsRowsThroughTheRepositories) {
    auto db = Database::open_sqlite(temp_db("roundtrip.db"));
    migrate(*db);
    User u;
    u.username = "bob";
    u.password = "hash";
    u.access_token = "tok";
    u.quota = 42;
    int64_t id = insert_user(*db, u);
    EXPECT_GT(id, 0);
    auto back = find_user(*db, id);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->username, "bob");
    EXPECT_EQ(back->quota, 42);
    ASSERT_TRUE(back->access_token);
    EXPECT_EQ(*back->access_token, "tok");
    EXPECT_FALSE(back->aff_code);  // NULL stays NULL

    Channel c;
    c.type = 1;
    c.key = "sk-x";
    c.name = "c1";
    c.models = "gpt-4o, gpt-4o-mini";
    c.group = "default,vip";
    c.priority = 3;
    insert_channel(*db, c);
    EXPECT_EQ(load_abilities(*db).size(), 4u);

    save_option(*db, "SystemName", "A");
    save_option(*db, "SystemName", "B");
    EXPECT_EQ(load_options(*db).at("SystemName"), "B");
}

TEST(Migration, OpensAOneApiDatabaseAndKeepsItsData) {
    std::string path = temp_db("one-api.db");
    std::string cmd = "sqlite3 '" + path + "' < '" + std::string(FIXTURES_DIR) + "/one_api_schema.sql'";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    auto db = Database::open_sqlite(path);
    MigrationReport r = migrate(*db);
    EXPECT_TRUE(contains(r.created_tables, "setups"));
    EXPECT_TRUE(contains(r.created_tables, "top_ups"));
    EXPECT_TRUE(contains(r.added_columns, "tokens.model_limits"));
    EXPECT_TRUE(contains(r.added_columns, "channels.tag"));
    EXPECT_TRUE(contains(r.added_columns, "users.setting"));
    EXPECT_TRUE(contains(r.added_columns, "logs.other"));
    EXPECT_TRUE(contains(r.added_columns, "abilities.weight"));

    auto users = load_users(*db);
    ASSERT_EQ(users.size(), 2u);
    EXPECT_EQ(users[0].username, "root");
    EXPECT_EQ(users[0].role, 100);
    EXPECT_EQ(users[0].quota, 500000000);
    EXPECT_EQ(users[1].group, "vip");
    EXPECT_FALSE(users[1].access_token);

    auto tokens = load_tokens(*db);
    ASSERT_EQ(tokens.size(), 1u);
    EXPECT_TRUE(tokens[0].unlimited_quota);
    EXPECT_EQ(tokens[0].remain_quota, 900);
    EXPECT_EQ(tokens[0].expired_time, -1);
    EXPECT_FALSE(tokens[0].model_limits_enabled);

    auto channels = load_channels(*db);
    ASSERT_EQ(channels.size(), 1u);
    EXPECT_EQ(channels[0].priority, 10);
    EXPECT_EQ(channels[0].weight, 5);
    EXPECT_EQ(channels[0].auto_ban, 1);  // the added column's default

    Cache cache(*db);
    cache.reload_all();
    EXPECT_TRUE(cache.setup_done());  // a root user means setup happened
    EXPECT_EQ(cache.option("SystemName"), "Legacy Gateway");
    auto index = cache.channel_index();
    ASSERT_TRUE(index->find("vip", "gpt-4o"));
    EXPECT_EQ(index->find("vip", "gpt-4o")->size(), 1u);

    EXPECT_TRUE(migrate(*db).added_columns.empty());
}

TEST(Migration, OpensANewApiDatabaseWithItsDeclaredTypes) {
    std::string path = temp_db("new-api.db");
    std::string cmd = "sqlite3 '" + path + "' < '" + std::string(FIXTURES_DIR) + "/new_api_schema.sql'";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    auto db = Database::open_sqlite(path);
    MigrationReport r = migrate(*db);
    EXPECT_TRUE(contains(r.created_tables, "ledger_cursors"));
    auto channels = load_channels(*db);  // channel_info is declared `json`
    ASSERT_EQ(channels.size(), 1u);
    EXPECT_NE(channels[0].channel_info.find("is_multi_key"), std::string::npos);
    Cache cache(*db);
    cache.reload_all();
    EXPECT_TRUE(cache.setup_done());
    ASSERT_TRUE(cache.users.get(2));
    EXPECT_EQ(cache.users.get(2)->quota, 50000000);
    EXPECT_TRUE(cache.tokens.get("legacylegacylegacylegacylegacylegacylegacylegacy"));
    // Any declared type the file uses, even one no ORM writes, reads as its affinity says.
    auto s = db->session();
    execute(*db, s, "CREATE TABLE `odd` (`a` frobnicate(3), `b` jsonish)");
    execute(*db, s, "INSERT INTO `odd` VALUES (1, 'x')");
    auto again = Database::open_sqlite(path);  // types are read when a database opens
    auto s2 = again->session();
    EXPECT_EQ(query_string(*again, s2, "SELECT `b` FROM `odd`"), "x");
    EXPECT_EQ(query_int(*again, s2, "SELECT `a` FROM `odd`"), 1);
}

}  // namespace
