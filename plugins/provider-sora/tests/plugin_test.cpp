// Golden tests of the OpenAI video (Sora) task provider through the real .so and the fake host.
#include <gw/cpp/task_testing.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

using namespace gw::testing;
using nlohmann::json;

class SoraPlugin : public ::testing::Test {
protected:
    FakeHost host;
    LoadedPlugin plugin{PLUGIN_PATH, host};
    const gw_provider* provider = plugin.create("org.newapi.provider.sora");

    RequestSpec spec(const std::string& content_type = "application/json") {
        RequestSpec s;
        s.channel_type = 55;
        s.base_url = "https://api.openai.example";
        s.api_key = "sk-video";
        s.origin_model = "sora-2";
        s.upstream_model = "sora-2-2025";
        s.client_path = "/v1/videos";
        s.client_headers = {{"Content-Type", content_type}};
        return s;
    }
};

TEST_F(SoraPlugin, EstimatesSecondsAndSizeFromJsonAndForms) {
    TaskCall json_call(provider, spec());
    TaskReport j = json_call.estimate(R"({"model":"sora-2","prompt":"waves","seconds":"8","size":"1792x1024"})");
    EXPECT_EQ(j.model, "sora-2");
    EXPECT_EQ(j.ratios["seconds"], 8);
    EXPECT_NEAR(j.ratios["size"], 1.666667, 1e-9);
    TaskCall form_call(provider, spec("multipart/form-data; boundary=XX"));
    std::string form =
        "--XX\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nsora-2-pro\r\n"
        "--XX\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nwaves\r\n"
        "--XX\r\nContent-Disposition: form-data; name=\"seconds\"\r\n\r\n12\r\n--XX--\r\n";
    TaskReport f = form_call.estimate(form);
    EXPECT_EQ(f.model, "sora-2-pro");
    EXPECT_EQ(f.ratios["seconds"], 12);
    EXPECT_EQ(f.ratios["size"], 1.0);
    EXPECT_TRUE(form_call.submit(form).original_body);
}

TEST_F(SoraPlugin, MissingPromptIsRefused) {
    TaskCall call(provider, spec());
    TaskReport r = call.estimate(R"({"model":"sora-2"})");
    EXPECT_EQ(r.status, GW_ERR_BAD_ARGUMENT);
    EXPECT_EQ(r.error.status, 400);
}

TEST_F(SoraPlugin, SubmitPollAndContent) {
    TaskCall call(provider, spec());
    BuiltRequest b = call.submit(R"({"model":"sora-2","prompt":"waves","duration":5})");
    EXPECT_EQ(b.url, "https://api.openai.example/v1/videos");
    json up = json::parse(b.body);
    EXPECT_EQ(up["model"], "sora-2-2025");
    EXPECT_EQ(up["seconds"], "5");
    TaskReport s = call.submit_answer(200, R"({"id":"video_1","object":"video","status":"queued","seconds":"5"})");
    ASSERT_EQ(s.results.size(), 1u);
    EXPECT_EQ(s.results[0].task_id, "video_1");
    EXPECT_EQ(s.results[0].state, GW_TASK_QUEUED);
    EXPECT_EQ(s.ratios["seconds"], 5);
    EXPECT_EQ(call.fetch(R"(["video_1"])").url, "https://api.openai.example/v1/videos/video_1");
    TaskReport done = call.fetch_answer(200, R"({"id":"video_1","status":"completed","progress":100})");
    EXPECT_EQ(done.results.at(0).state, GW_TASK_SUCCESS);
    TaskReport failed =
        call.fetch_answer(200, R"({"id":"video_1","status":"failed","error":{"message":"moderation"}})");
    EXPECT_EQ(failed.results.at(0).fail_reason, "moderation");
    BuiltRequest c = call.content("video_1");
    EXPECT_EQ(c.url, "https://api.openai.example/v1/videos/video_1/content");
    EXPECT_EQ(c.header("authorization"), "Bearer sk-video");
}

}  // namespace
