// The real new-api binary over loopback HTTP: status, plugins API, errors, config, shutdown.
#include <gw/abi/version.h>
#include "common/strings.hpp"
#include "server_process.hpp"
#include "store/database.hpp"
#include "store/entities.hpp"
#include "store/migrator.hpp"
#include "store/user_repo.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <signal.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using gw::testing::ServerProcess;
using nlohmann::json;

namespace {

// A database with a root user (access token "root-token") and a common user ("user-token").
std::string seeded_database() {
    std::string path = gw::testing::make_temp_dir("gw-seed-") + "/one-api.db";
    auto db = gw::store::Database::open_sqlite(path);
    gw::store::migrate(*db);
    gw::store::User root;
    root.username = "root";
    root.password = "x";
    root.role = 100;
    root.access_token = "root-token";
    gw::store::insert_user(*db, root);
    gw::store::User user;
    user.username = "alice";
    user.password = "x";
    user.access_token = "user-token";
    gw::store::insert_user(*db, user);
    return path;
}

using Headers = std::vector<std::pair<std::string, std::string>>;
const Headers kRoot = {{"Authorization", "root-token"}, {"New-Api-User", "1"}};

TEST(Foundation, StatusAnswersNewApisShapeWithRequestIdAndKeepAlive) {
    ServerProcess server;
    ASSERT_TRUE(server.wait_ready()) << server.output();
    auto a = server.request("GET", "/api/status");
    auto b = server.request("GET", "/api/status");
    ASSERT_EQ(a.status, 200);
    json j = json::parse(a.body);
    EXPECT_TRUE(j["success"].get<bool>());
    EXPECT_EQ(j["message"], "");
    EXPECT_EQ(j["data"]["system_name"], "New API");
    EXPECT_EQ(j["data"]["quota_per_unit"], 500000);
    EXPECT_EQ(j["data"]["setup"], false);
    EXPECT_TRUE(j["data"]["version"].is_string());
    EXPECT_TRUE(j["data"]["start_time"].is_number_integer());
    EXPECT_FALSE(a.header("x-oneapi-request-id").empty());
    EXPECT_NE(a.header("x-oneapi-request-id"), b.header("x-oneapi-request-id"));
}

TEST(Foundation, Http11WithoutConnectionHeaderIsKeptAlive) {
    ServerProcess server;
    ASSERT_TRUE(server.wait_ready()) << server.output();
    std::string one = "GET /api/status HTTP/1.1\r\nHost: localhost\r\n\r\n";
    auto answers = server.raw_exchange({one, one});
    ASSERT_EQ(answers.size(), 2u);
    EXPECT_EQ(answers[0].rfind("HTTP/1.1 200", 0), 0u) << answers[0];
    EXPECT_NE(gw::to_lower(answers[0]).find("connection: keep-alive"), std::string::npos);
    EXPECT_EQ(answers[1].rfind("HTTP/1.1 200", 0), 0u) << "second answer on the same connection";
}

TEST(Foundation, PluginsApiListsLoadedAndRefusedForAdminsOnly) {
    std::string plugins = gw::testing::make_temp_dir("gw-plugdir-");
    for (const char* f : {"provider-openai.so", "provider-openai.xml"})
        fs::copy_file(fs::path(PLUGIN_DIR) / f, fs::path(plugins) / f);
    std::ofstream(plugins + "/junk.so") << "not a library";
    ServerProcess server({{"SQLITE_PATH", seeded_database()}, {"PLUGIN_DIR", plugins}});
    ASSERT_TRUE(server.wait_ready()) << server.output();

    auto r = server.request("GET", "/api/plugins", "", kRoot);
    ASSERT_EQ(r.status, 200) << r.body;
    json data = json::parse(r.body)["data"];
    ASSERT_EQ(data["loaded"].size(), 1u);
    EXPECT_EQ(data["loaded"][0]["id"], "org.newapi.provider.openai");
    EXPECT_EQ(data["loaded"][0]["abi"], "1." + std::to_string(GW_ABI_MINOR));
    auto types = data["loaded"][0]["providers"][0]["channel_types"];
    EXPECT_EQ(types[0]["id"], 1);
    EXPECT_EQ(types[0]["default_base_url"], "https://api.openai.com");
    ASSERT_EQ(data["refused"].size(), 1u);
    EXPECT_NE(data["refused"][0]["file"].get<std::string>().find("junk.so"), std::string::npos);
    EXPECT_EQ(data["refused"][0]["reason"], "no manifest names this library");
    EXPECT_NE(server.output().find("plugin refused: " + plugins + "/junk.so"), std::string::npos);

    EXPECT_EQ(server.request("GET", "/api/plugins").status, 401);
    EXPECT_EQ(
        server.request("GET", "/api/plugins", "", {{"Authorization", "root-token"}, {"New-Api-User", "2"}}).status,
        401);
    auto user =
        server.request("GET", "/api/plugins", "", {{"Authorization", "Bearer user-token"}, {"New-Api-User", "2"}});
    EXPECT_EQ(user.status, 403);
    EXPECT_FALSE(json::parse(user.body)["success"].get<bool>());
    fs::remove_all(plugins);
}

TEST(Foundation, UnknownRoutesWrongMethodsAndOversizedBodiesGetJsonErrors) {
    ServerProcess server(std::map<std::string, std::string>{{"MAX_REQUEST_BODY_MB", "1"}});
    ASSERT_TRUE(server.wait_ready()) << server.output();
    // New API's answer to an unknown /api path, and to a known one asked with another method.
    auto nf = server.request("GET", "/api/nothing-here");
    EXPECT_EQ(nf.status, 404);
    EXPECT_EQ(json::parse(nf.body)["error"]["message"], "Invalid URL (GET /api/nothing-here)");
    EXPECT_EQ(json::parse(nf.body)["error"]["type"], "invalid_request_error");
    auto wrong = server.request("DELETE", "/api/status");
    EXPECT_EQ(wrong.status, 404);
    EXPECT_EQ(json::parse(wrong.body)["error"]["message"], "Invalid URL (DELETE /api/status)");
    EXPECT_EQ(server.request("POST", "/healthz").status, 405);  // outside New API's prefixes
    auto big = server.request("POST", "/api/status", std::string(1536 * 1024, 'x'));
    EXPECT_EQ(big.status, 413);
    EXPECT_TRUE(json::parse(big.body).contains("error"));
    EXPECT_EQ(server.request("GET", "/api/status").status, 200);  // still serving
}

TEST(Foundation, OpensAOneApiDatabase) {
    std::string path = gw::testing::make_temp_dir("gw-oneapi-") + "/one-api.db";
    std::string cmd = "sqlite3 '" + path + "' < '" + std::string(FIXTURES_DIR) + "/one_api_schema.sql'";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    ServerProcess server({{"SQLITE_PATH", path}});
    ASSERT_TRUE(server.wait_ready()) << server.output();
    json data = json::parse(server.request("GET", "/api/status").body)["data"];
    EXPECT_EQ(data["system_name"], "Legacy Gateway");
    EXPECT_EQ(data["setup"], true);
    auto r = server.request("GET", "/api/plugins", "",
                            {{"Authorization", "0123456789abcdef0123456789abcdef"}, {"New-Api-User", "1"}});
    EXPECT_EQ(r.status, 200) << r.body;
}

TEST(Foundation, ABadSettingIsRefusedAtStartNamingIt) {
    ServerProcess server(std::map<std::string, std::string>{{"SYNC_FREQUENCY", "often"}});
    EXPECT_EQ(server.wait_exit(), 2);
    EXPECT_NE(server.output().find("SYNC_FREQUENCY"), std::string::npos) << server.output();
}

TEST(Foundation, FlagsVersionHelpAndPort) {
    ServerProcess version({}, {"--version"});
    EXPECT_EQ(version.wait_exit(), 0);
    EXPECT_EQ(version.output().rfind("v", 0), 0u) << version.output();
    ServerProcess help({}, {"--help"});
    EXPECT_EQ(help.wait_exit(), 0);
    EXPECT_NE(help.output().find("--log-dir"), std::string::npos);
    ServerProcess bad({}, {"--bogus"});
    EXPECT_EQ(bad.wait_exit(), 2);
    int port = ServerProcess::free_port();
    ServerProcess flagged({{"PORT", "1"}}, {"--port", std::to_string(port)});
    // --port wins over PORT: the server answers on the flag's port.
    for (int i = 0; i < 100 && flagged.output().find("started on port " + std::to_string(port)) == std::string::npos;
         ++i)
        usleep(50000);
    EXPECT_NE(flagged.output().find("started on port " + std::to_string(port)), std::string::npos) << flagged.output();
}

TEST(Foundation, SigtermStopsCleanly) {
    std::string logs = gw::testing::make_temp_dir("gw-logs-");
    ServerProcess server({}, {"--log-dir", logs});
    ASSERT_TRUE(server.wait_ready()) << server.output();
    EXPECT_EQ(server.stop(SIGTERM), 0);
    EXPECT_NE(server.output().find("received SIGTERM"), std::string::npos);
    EXPECT_NE(server.output().find("stopped"), std::string::npos);
    bool log_file = false;
    for (const auto& e : fs::directory_iterator(logs)) log_file |= e.path().extension() == ".log";
    EXPECT_TRUE(log_file);
    fs::remove_all(logs);
}

}  // namespace

namespace {

// Several nodes must share MySQL or PostgreSQL: a second process on one SQLite file is refused.
TEST(Foundation, ASecondGatewayOnTheSameSqliteFileIsRefused) {
    ServerProcess first;
    ASSERT_TRUE(first.wait_ready());
    ServerProcess second({{"SQLITE_PATH", first.data_dir() + "/one-api.db"}});
    EXPECT_EQ(second.wait_exit(), 2);
    EXPECT_NE(second.output().find("another gateway process is using the SQLite database"), std::string::npos)
        << second.output();
    EXPECT_EQ(first.request("GET", "/api/status").status, 200);
    first.stop(SIGTERM);
    ServerProcess after_first({{"SQLITE_PATH", first.data_dir() + "/one-api.db"}});
    EXPECT_TRUE(after_first.wait_ready()) << after_first.output();
}

}  // namespace
