// Golden tests of the Doubao Seedance task provider through the real .so and the fake host.
#include <gw/cpp/task_testing.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

using namespace gw::testing;
using nlohmann::json;

class DoubaoVideoPlugin : public ::testing::Test {
protected:
    FakeHost host;
    LoadedPlugin plugin{PLUGIN_PATH, host};
    const gw_provider* provider = plugin.create("org.newapi.provider.doubao-video");

    RequestSpec spec() {
        RequestSpec s;
        s.channel_type = 54;
        s.base_url = "https://ark.example.com";
        s.api_key = "ark-key";
        s.origin_model = "seedance";
        s.upstream_model = "doubao-seedance-1-0-pro-250528";
        s.client_path = "/v1/video/generations";
        return s;
    }
};

TEST_F(DoubaoVideoPlugin, ClientRequestBecomesArkContent) {
    TaskCall call(provider, spec());
    TaskReport e = call.estimate(R"({"model":"seedance","prompt":"a fox","duration":10,"image":"https://i/x.png"})");
    EXPECT_EQ(e.model, "seedance");
    EXPECT_EQ(e.ratios["seconds"], 10);
    BuiltRequest b = call.submit(R"({"model":"seedance","prompt":"a fox","duration":10,"image":"https://i/x.png"})");
    EXPECT_EQ(b.url, "https://ark.example.com/api/v3/contents/generations/tasks");
    json up = json::parse(b.body);
    EXPECT_EQ(up["model"], "doubao-seedance-1-0-pro-250528");
    EXPECT_EQ(up["content"][0]["text"], "a fox --dur 10");
    EXPECT_EQ(up["content"][1]["image_url"]["url"], "https://i/x.png");
}

TEST_F(DoubaoVideoPlugin, MissingModelOrPromptIsRefused) {
    TaskCall call(provider, spec());
    EXPECT_EQ(call.estimate(R"({"prompt":"a fox"})").error.message, "model is required");
    EXPECT_EQ(call.estimate(R"({"model":"seedance"})").error.message, "prompt is required");
}

TEST_F(DoubaoVideoPlugin, PollReportsTheVideoAndItsRealDuration) {
    TaskCall call(provider, spec());
    call.submit(R"({"model":"seedance","prompt":"a fox"})");
    EXPECT_EQ(call.submit_answer(200, R"({"id":"cgt-1"})").results.at(0).task_id, "cgt-1");
    EXPECT_EQ(call.fetch(R"(["cgt-1"])").url, "https://ark.example.com/api/v3/contents/generations/tasks/cgt-1");
    TaskReport done = call.fetch_answer(
        200, R"({"id":"cgt-1","status":"succeeded","content":{"video_url":"https://cdn/v.mp4"},"duration":6})");
    EXPECT_EQ(done.results.at(0).state, GW_TASK_SUCCESS);
    EXPECT_EQ(done.results.at(0).result_url, "https://cdn/v.mp4");
    EXPECT_EQ(done.ratios["seconds"], 6);
    TaskReport failed =
        call.fetch_answer(200, R"({"id":"cgt-1","status":"failed","error":{"message":"sensitive content"}})");
    EXPECT_EQ(failed.results.at(0).state, GW_TASK_FAILURE);
    EXPECT_EQ(failed.results.at(0).fail_reason, "sensitive content");
}

}  // namespace
