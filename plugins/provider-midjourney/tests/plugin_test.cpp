// Golden tests of the Midjourney-Proxy task provider through the real .so and the SDK's fake
// host: actions and their billing names, follow-ups naming their origin task, MJ-Proxy's codes,
// and polls.
#include <gw/cpp/task_testing.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

using namespace gw::testing;
using nlohmann::json;

class MidjourneyPlugin : public ::testing::Test {
protected:
    FakeHost host;
    LoadedPlugin plugin{PLUGIN_PATH, host};
    const gw_provider* provider = plugin.create("org.newapi.provider.midjourney");

    RequestSpec spec(const std::string& path) {
        RequestSpec s;
        s.channel_type = 2;
        s.base_url = "https://mj.example.com/";
        s.api_key = "mj-secret";
        s.client_path = path;
        return s;
    }
};

TEST_F(MidjourneyPlugin, ImagineIsBilledAsMjImagineAndNeedsAPrompt) {
    TaskCall call(provider, spec("/mj/submit/imagine"));
    TaskReport ok = call.estimate(R"({"prompt":"a cat"})");
    EXPECT_EQ(ok.status, GW_OK);
    EXPECT_EQ(ok.model, "mj_imagine");
    EXPECT_TRUE(ok.origin_task.empty());
    TaskReport bad = call.estimate(R"({"base64Array":[]})");
    EXPECT_NE(bad.status, GW_OK);
    EXPECT_EQ(bad.error.message, "prompt_is_required");
    EXPECT_EQ(bad.error.status, 400);
}

TEST_F(MidjourneyPlugin, FollowUpsNameTheirOriginTask) {
    TaskCall change(provider, spec("/mj/submit/change"));
    TaskReport r = change.estimate(R"({"taskId":"111","action":"UPSCALE","index":2})");
    EXPECT_EQ(r.model, "mj_upscale");
    EXPECT_EQ(r.origin_task, "111");
    EXPECT_EQ(change.estimate(R"({"action":"UPSCALE","index":2})").error.message, "task_id_is_required");

    TaskCall simple(provider, spec("/mj/submit/simple-change"));
    TaskReport v = simple.estimate(R"({"content":"222 V3"})");
    EXPECT_EQ(v.model, "mj_variation");
    EXPECT_EQ(v.origin_task, "222");
    EXPECT_EQ(simple.estimate(R"({"content":"222 X9"})").error.message, "content_parse_failed");

    TaskCall plus(provider, spec("/mj/submit/action"));
    TaskReport p = plus.estimate(R"({"taskId":"333","customId":"MJ::JOB::upsample::2::abc"})");
    EXPECT_EQ(p.model, "mj_upscale");
    EXPECT_EQ(p.origin_task, "333");
    EXPECT_EQ(plus.estimate(R"({"taskId":"333","customId":"MJ::Outpaint::50::1::abc"})").model, "mj_zoom");
}

TEST_F(MidjourneyPlugin, UnknownActionsAreRefused) {
    TaskCall call(provider, spec("/mj/submit/paint-my-house"));
    TaskReport r = call.estimate(R"({"prompt":"x"})");
    EXPECT_EQ(r.status, GW_ERR_BAD_ARGUMENT);
    EXPECT_EQ(r.error.message, "unknown_relay_action");
    EXPECT_EQ(r.error.code, "4");
}

TEST_F(MidjourneyPlugin, ModePrefixesAreStrippedOnlyForMjDash) {
    TaskCall dash(provider, spec("/mj-fast/mj/submit/imagine"));
    BuiltRequest a = dash.submit(R"({"prompt":"a cat"})");
    EXPECT_EQ(a.url, "https://mj.example.com/mj/submit/imagine");
    EXPECT_EQ(a.header("mj-api-secret"), "mj-secret");
    EXPECT_TRUE(a.original_body);
    TaskCall fast(provider, spec("/fast/mj/submit/imagine"));
    EXPECT_EQ(fast.submit(R"({"prompt":"a cat"})").url, "https://mj.example.com/fast/mj/submit/imagine");
}

TEST_F(MidjourneyPlugin, QueuedAndExistingCountAsSubmittedAndReachTheClientAsCode1) {
    TaskCall call(provider, spec("/mj/submit/imagine"));
    call.submit(R"({"prompt":"a cat"})");
    TaskReport r = call.submit_answer(200, R"({"code":22,"description":"queued","result":"1712","properties":{}})");
    ASSERT_EQ(r.status, GW_OK);
    ASSERT_EQ(r.results.size(), 1u);
    EXPECT_EQ(r.results[0].task_id, "1712");
    EXPECT_EQ(r.results[0].action, "IMAGINE");
    EXPECT_EQ(r.results[0].state, GW_TASK_SUBMITTED);
    EXPECT_EQ(json::parse(r.client_body)["code"], 1);
}

TEST_F(MidjourneyPlugin, NoAccountInstanceAsksToDisableTheChannel) {
    TaskCall call(provider, spec("/mj/submit/imagine"));
    call.submit(R"({"prompt":"a cat"})");
    TaskReport r = call.submit_answer(200, R"({"code":3,"description":"No available account instance"})");
    EXPECT_NE(r.status, GW_OK);
    EXPECT_TRUE(r.results.empty());
    EXPECT_TRUE(r.error.flags & GW_ERRF_DISABLE_CHANNEL);
    EXPECT_EQ(json::parse(r.client_body)["code"], 3);
}

TEST_F(MidjourneyPlugin, PollsReadListByConditionInBatches) {
    TaskCall call(provider, spec("/mj/submit/imagine"));
    EXPECT_EQ(call.vtable().fetch_batch, 100);
    BuiltRequest f = call.fetch(R"(["1","2"])");
    EXPECT_EQ(f.url, "https://mj.example.com/mj/task/list-by-condition");
    EXPECT_EQ(json::parse(f.body)["ids"].size(), 2u);
    TaskReport r = call.fetch_answer(
        200, R"([{"id":"1","action":"IMAGINE","status":"SUCCESS","progress":"100%","imageUrl":"https://cdn/1.png"},
                 {"id":"2","action":"IMAGINE","status":"FAILURE","progress":"0%","failReason":"banned prompt"}])");
    ASSERT_EQ(r.results.size(), 2u);
    EXPECT_EQ(r.results[0].state, GW_TASK_SUCCESS);
    EXPECT_EQ(r.results[0].progress, 100);
    EXPECT_EQ(r.results[0].result_url, "https://cdn/1.png");
    EXPECT_EQ(r.results[1].state, GW_TASK_FAILURE);
    EXPECT_EQ(r.results[1].fail_reason, "banned prompt");
}

}  // namespace
