// The management API over HTTP against the real binary, as New API operators drive it.
#include "api_client.hpp"
#include "server_process.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <signal.h>

#include <atomic>
#include <filesystem>
#include <thread>

using gw::testing::ApiClient;
using gw::testing::ApiResult;
using gw::testing::ServerProcess;
using nlohmann::json;

namespace {

std::map<std::string, std::string> relaxed() {
    return {{"CRITICAL_RATE_LIMIT", "100000"}};
}

int64_t user_quota(ApiClient& admin, int64_t id) {
    return admin.call("GET", "/api/user/" + std::to_string(id)).data()["quota"];
}

TEST(ManagementApi, SetupLoginChannelTokenRedeemAndLogs) {
    ServerProcess server(relaxed());
    ASSERT_TRUE(server.wait_ready()) << server.output();
    ApiClient root(server);
    ApiResult before = root.call("GET", "/api/setup", nullptr, false);
    EXPECT_EQ(before.data()["status"], false);
    EXPECT_EQ(before.data()["root_init"], false);
    root.setup_root();
    EXPECT_EQ(root.call("GET", "/api/setup", nullptr, false).data()["status"], true);
    ApiResult again =
        root.call("POST", "/api/setup",
                  {{"username", "evil"}, {"password", "evilpass1"}, {"confirmPassword", "evilpass1"}}, false);
    EXPECT_FALSE(again.ok());
    EXPECT_EQ(json::parse(server.request("GET", "/api/status").body)["data"]["setup"], true);

    // Session cookie works as well as the access token.
    auto self = server.request("GET", "/api/user/self", "", {{"Cookie", root.session_cookie}, {"New-Api-User", "1"}});
    EXPECT_EQ(self.status, 200);
    EXPECT_EQ(json::parse(self.body)["data"]["role"], 100);
    EXPECT_FALSE(json::parse(self.body)["data"].contains("password"));

    ApiResult ch = root.call("POST", "/api/channel/",
                             {{"mode", "single"},
                              {"channel",
                               {{"type", 1},
                                {"name", "main"},
                                {"key", "sk-upstream-secret"},
                                {"models", "gpt-4o-mini,gpt-4o"},
                                {"group", "default"}}}});
    ASSERT_TRUE(ch.ok()) << ch.body.dump();
    ApiResult channels = root.call("GET", "/api/channel/?p=1&page_size=10");
    ASSERT_EQ(channels.data()["total"], 1);
    EXPECT_EQ(channels.data()["items"][0]["key"], "");
    EXPECT_EQ(channels.body.dump().find("sk-upstream-secret"), std::string::npos);
    EXPECT_EQ(root.call("GET", "/api/user/models").data(), json::array({"gpt-4o", "gpt-4o-mini"}));

    ASSERT_TRUE(root.call("POST", "/api/token/",
                          {{"name", "ci"},
                           {"remain_quota", 5000},
                           {"expired_time", -1},
                           {"model_limits", json::array({"gpt-4o"})},
                           {"allow_ips", "127.0.0.1\n10.0.0.0/8\n::1"}})
                    .ok());
    ApiResult tokens = root.call("GET", "/api/token/?p=1&size=10");
    ASSERT_EQ(tokens.data()["total"], 1);
    json t = tokens.data()["items"][0];
    EXPECT_EQ(t["model_limits"], "gpt-4o");
    std::string masked = t["key"];
    ApiResult revealed = root.call("POST", "/api/token/" + std::to_string(t["id"].get<int>()) + "/key");
    std::string key = revealed.data()["key"];
    EXPECT_EQ(key.size(), 48u);
    EXPECT_EQ(masked, key.substr(0, 4) + "**********" + key.substr(44));
    EXPECT_EQ(tokens.body.dump().find(key), std::string::npos);

    auto u = server.request("GET", "/api/usage/token", "", {{"Authorization", "Bearer sk-" + key}});
    EXPECT_EQ(json::parse(u.body)["data"]["total_available"], 5000);
    auto sub = server.request("GET", "/v1/dashboard/billing/subscription", "", {{"Authorization", "Bearer sk-" + key}});
    EXPECT_DOUBLE_EQ(json::parse(sub.body)["hard_limit_usd"].get<double>(), 5000.0 / 500000);

    ApiResult codes = root.call("POST", "/api/redemption/", {{"name", "gift"}, {"quota", 250000}, {"count", 2}});
    ASSERT_TRUE(codes.ok()) << codes.body.dump();
    ASSERT_EQ(codes.data().size(), 2u);
    ApiClient alice(server);
    alice.register_and_login("alice", "alicepass1");
    ApiResult redeemed = alice.call("POST", "/api/user/topup", {{"key", codes.data()[0]}});
    ASSERT_TRUE(redeemed.ok()) << redeemed.body.dump();
    EXPECT_EQ(redeemed.data(), 250000);
    EXPECT_FALSE(alice.call("POST", "/api/user/topup", {{"key", codes.data()[0]}}).ok());
    EXPECT_EQ(alice.call("GET", "/api/user/self").data()["quota"], 250000);
    ApiResult logs = alice.call("GET", "/api/log/self?type=1");
    ASSERT_EQ(logs.data()["total"], 1);
    EXPECT_EQ(logs.data()["items"][0]["quota"], 250000);
    EXPECT_EQ(root.call("GET", "/api/log/?type=1&username=alice").data()["total"], 1);
    EXPECT_EQ(root.call("GET", "/api/log/stat?type=1").data()["quota"], 0);  // stat sums consumption only

    EXPECT_EQ(server.output().find(key), std::string::npos) << "a token key reached the log";
}

TEST(ManagementApi, RolesAndTheNewApiUserHeader) {
    ServerProcess server(relaxed());
    ASSERT_TRUE(server.wait_ready());
    ApiClient root(server);
    root.setup_root();
    ApiClient user(server);
    user.register_and_login("carol", "carolpass1");
    ApiResult denied = user.call("GET", "/api/user/");
    EXPECT_EQ(denied.status, 403);
    EXPECT_FALSE(denied.body["success"].get<bool>());
    EXPECT_EQ(user.call("GET", "/api/channel/").status, 403);
    EXPECT_EQ(user.call("GET", "/api/option/").status, 403);

    auto mismatch =
        server.request("GET", "/api/user/self", "", {{"Authorization", user.access_token()}, {"New-Api-User", "1"}});
    EXPECT_EQ(mismatch.status, 401);
    EXPECT_EQ(server.request("GET", "/api/user/self", "", {{"Authorization", user.access_token()}}).status, 401);

    ASSERT_TRUE(
        root.call("POST", "/api/user/", {{"username", "dave"}, {"password", "davepass1"}, {"display_name", "Dave"}})
            .ok());
    ApiResult found = root.call("GET", "/api/user/search?keyword=dave");
    ASSERT_EQ(found.data()["total"], 1);
    int64_t dave_id = found.data()["items"][0]["id"];
    ASSERT_TRUE(root.call("POST", "/api/user/manage", {{"id", dave_id}, {"action", "promote"}}).ok());
    ApiClient dave(server);
    dave.login("dave", "davepass1");
    ApiResult demote_root = dave.call("POST", "/api/user/manage", {{"id", 1}, {"action", "demote"}});
    EXPECT_FALSE(demote_root.ok());
    EXPECT_EQ(user_quota(root, 1), 100000000);
    EXPECT_EQ(root.call("GET", "/api/user/1").data()["role"], 100);
    EXPECT_FALSE(dave.call("GET", "/api/user/1").ok());
    EXPECT_FALSE(dave.call("POST", "/api/user/", {{"username", "eve"}, {"password", "evepass12"}, {"role", 10}}).ok());
    EXPECT_TRUE(dave.call("POST", "/api/user/manage", {{"id", user.user_id()}, {"action", "disable"}}).ok());
    EXPECT_EQ(user.call("GET", "/api/user/self").status, 403);  // disabled users are refused
    EXPECT_FALSE(root.call("POST", "/api/user/manage", {{"id", 1}, {"action", "disable"}}).ok());
}

TEST(ManagementApi, ConcurrentRedemptionsCreditOnceAndAddQuotaSumsExactly) {
    ServerProcess server(relaxed());
    ASSERT_TRUE(server.wait_ready());
    ApiClient root(server);
    root.setup_root();
    ApiClient frank(server);
    frank.register_and_login("frank", "frankpass1");
    std::string code =
        root.call("POST", "/api/redemption/", {{"name", "race"}, {"quota", 777}, {"count", 1}}).data()[0];

    std::atomic<int> successes{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 50; ++i)
        threads.emplace_back([&] {
            if (frank.call("POST", "/api/user/topup", {{"key", code}}).ok()) ++successes;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(successes.load(), 1);
    EXPECT_EQ(user_quota(root, frank.user_id()), 777);

    threads.clear();
    std::atomic<int> ok{0};
    for (int i = 0; i < 50; ++i)
        threads.emplace_back([&] {
            if (root.call("POST", "/api/user/manage",
                          {{"id", frank.user_id()}, {"action", "add_quota"}, {"mode", "add"}, {"value", 100}})
                    .ok())
                ++ok;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), 50);
    EXPECT_EQ(user_quota(root, frank.user_id()), 777 + 50 * 100);
    EXPECT_EQ(root.call("GET", "/api/log/?type=3&username=frank&page_size=100").data()["total"], 50);
}

TEST(ManagementApi, BadInputIsRefusedAndChangesNothing) {
    ServerProcess server(relaxed());
    ASSERT_TRUE(server.wait_ready());
    ApiClient root(server);
    root.setup_root();
    auto count_tokens = [&] { return root.call("GET", "/api/token/").data()["total"].get<int>(); };
    auto refused = [](const ApiResult& r) {
        return r.status == 200 && !r.body.value("success", true) && !r.message().empty();
    };

    EXPECT_TRUE(refused(root.call("POST", "/api/token/", {{"name", std::string(31, 'x')}})));
    EXPECT_TRUE(refused(root.call("POST", "/api/token/", {{"name", 12}})));
    EXPECT_TRUE(refused(root.call("POST", "/api/token/", {{"remain_quota", "lots"}})));
    EXPECT_TRUE(refused(root.call("POST", "/api/token/", {{"allow_ips", "300.1.1.1"}})));
    EXPECT_TRUE(refused(root.call("POST", "/api/token/", {{"group", "nonexistent"}})));
    EXPECT_EQ(count_tokens(), 0);
    auto raw = server.request("POST", "/api/token/", "{not json",
                              {{"Authorization", root.access_token()}, {"New-Api-User", "1"}});
    EXPECT_FALSE(json::parse(raw.body)["success"].get<bool>());
    EXPECT_EQ(count_tokens(), 0);
    EXPECT_TRUE(refused(root.call("PUT", "/api/token/", {{"id", 9999}, {"name", "x"}})));
    EXPECT_TRUE(refused(root.call("DELETE", "/api/token/9999")));
    EXPECT_TRUE(refused(root.call("GET", "/api/token/abc")));

    EXPECT_TRUE(refused(root.call("POST", "/api/channel/", {{"type", 1}, {"name", "nokey"}})));
    EXPECT_TRUE(refused(root.call("POST", "/api/channel/", {{"type", "one"}, {"key", "k"}})));
    EXPECT_TRUE(refused(root.call("POST", "/api/channel/", {{"type", 99999}, {"key", "k"}})));
    EXPECT_TRUE(refused(root.call("POST", "/api/channel/", {{"type", 1}, {"key", "k"}, {"model_mapping", "{broken"}})));
    EXPECT_EQ(root.call("GET", "/api/channel/").data()["total"], 0);
    EXPECT_TRUE(refused(root.call("PUT", "/api/channel/", {{"id", 4242}, {"name", "x"}})));

    EXPECT_TRUE(refused(root.call("POST", "/api/redemption/", {{"name", "x"}, {"quota", 10}, {"count", 0}})));
    EXPECT_TRUE(refused(root.call("POST", "/api/redemption/", {{"name", ""}, {"quota", 10}})));
    EXPECT_TRUE(refused(root.call("POST", "/api/redemption/", {{"name", "x"}, {"quota", -5}})));
    EXPECT_EQ(root.call("GET", "/api/redemption/").data()["total"], 0);

    EXPECT_TRUE(refused(root.call("PUT", "/api/option/", {{"key", "QuotaPerUnit"}, {"value", "abc"}})));
    EXPECT_TRUE(refused(root.call("PUT", "/api/option/", {{"key", "ModelRatio"}, {"value", "[1,2]"}})));
    EXPECT_TRUE(refused(root.call("PUT", "/api/option/", {{"key", "RegisterEnabled"}, {"value", "maybe"}})));
    EXPECT_EQ(json::parse(server.request("GET", "/api/status").body)["data"]["quota_per_unit"], 500000);

    EXPECT_TRUE(refused(root.call("POST", "/api/user/manage", {{"id", 1}, {"action", "explode"}})));
    EXPECT_TRUE(refused(root.call("POST", "/api/user/manage", {{"id", 999}, {"action", "disable"}})));
    EXPECT_TRUE(refused(
        root.call("POST", "/api/user/manage", {{"id", 1}, {"action", "add_quota"}, {"mode", "add"}, {"value", -3}})));
    EXPECT_TRUE(
        refused(root.call("POST", "/api/user/", {{"username", std::string(21, 'u')}, {"password", "longenough1"}})));
    EXPECT_TRUE(refused(root.call("POST", "/api/user/", {{"username", "shortpw"}, {"password", "123"}})));
    EXPECT_TRUE(refused(root.call("POST", "/api/user/topup", {{"key", "nope"}})));
    EXPECT_EQ(user_quota(root, 1), 100000000);
    EXPECT_EQ(root.call("GET", "/api/user/").data()["total"], 1);
}

TEST(ManagementApi, OptionsApplyAtOnceAndHideSecrets) {
    ServerProcess server(relaxed());
    ASSERT_TRUE(server.wait_ready());
    ApiClient root(server);
    root.setup_root();
    ASSERT_TRUE(root.call("PUT", "/api/option/", {{"key", "SystemName"}, {"value", "Acme Gateway"}}).ok());
    ASSERT_TRUE(root.call("PUT", "/api/option/", {{"key", "StripeApiSecret"}, {"value", "sk_live_hidden"}}).ok());
    ASSERT_TRUE(root.call("PUT", "/api/option/", {{"key", "RetryTimes"}, {"value", 3}}).ok());
    EXPECT_EQ(json::parse(server.request("GET", "/api/status").body)["data"]["system_name"], "Acme Gateway");
    ApiResult all = root.call("GET", "/api/option/");
    ASSERT_TRUE(all.ok());
    std::map<std::string, std::string> opts;
    for (const auto& o : all.data()) opts[o["key"]] = o["value"];
    EXPECT_EQ(opts["RetryTimes"], "3");
    EXPECT_EQ(opts.count("StripeApiSecret"), 0u);
    EXPECT_EQ(all.body.dump().find("sk_live_hidden"), std::string::npos);

    ASSERT_TRUE(root.call("PUT", "/api/option/", {{"key", "RegisterEnabled"}, {"value", "false"}}).ok());
    EXPECT_FALSE(
        root.call("POST", "/api/user/register", {{"username", "late"}, {"password", "latepass1"}}, false).ok());
}

TEST(ManagementApi, CriticalRoutesAreRateLimitedPerIp) {
    ServerProcess server(std::map<std::string, std::string>{{"CRITICAL_RATE_LIMIT", "3"}});
    ASSERT_TRUE(server.wait_ready());
    int limited = 0;
    for (int i = 0; i < 5; ++i) {
        auto r = server.request("POST", "/api/user/login", R"({"username":"x","password":"y"})");
        if (r.status == 429) {
            ++limited;
            EXPECT_FALSE(json::parse(r.body)["success"].get<bool>());
        }
    }
    EXPECT_EQ(limited, 2);
    EXPECT_EQ(server.request("GET", "/api/status").status, 200);
}

TEST(ManagementApi, SessionsSignedWithTheSameSecretWorkOnAnotherNode) {
    std::map<std::string, std::string> env = relaxed();
    env["SESSION_SECRET"] = "shared-secret-for-tests";
    std::string db;
    std::string cookie;
    {
        ServerProcess a(env);
        ASSERT_TRUE(a.wait_ready());
        ApiClient root(a);
        root.setup_root();
        cookie = root.session_cookie;
        db = a.data_dir() + "/one-api.db";
        a.stop(SIGTERM);
        std::string keep = gw::testing::make_temp_dir("gw-db-") + "/one-api.db";
        std::filesystem::copy_file(db, keep);
        db = keep;
    }
    env["SQLITE_PATH"] = db;
    ServerProcess b(env);
    ASSERT_TRUE(b.wait_ready());
    EXPECT_EQ(b.request("GET", "/api/user/self", "", {{"Cookie", cookie}, {"New-Api-User", "1"}}).status, 200);
    b.stop(SIGTERM);
    env["SESSION_SECRET"] = "another-secret";
    ServerProcess c(env);
    ASSERT_TRUE(c.wait_ready());
    EXPECT_EQ(c.request("GET", "/api/user/self", "", {{"Cookie", cookie}, {"New-Api-User", "1"}}).status, 401);
}

}  // namespace
