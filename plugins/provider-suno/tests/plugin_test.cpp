// Golden tests of the Suno task provider through the real .so and the SDK's fake host.
#include <gw/cpp/task_testing.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

using namespace gw::testing;
using nlohmann::json;

class SunoPlugin : public ::testing::Test {
protected:
    FakeHost host;
    LoadedPlugin plugin{PLUGIN_PATH, host};
    const gw_provider* provider = plugin.create("org.newapi.provider.suno");

    RequestSpec spec(const std::string& path) {
        RequestSpec s;
        s.channel_type = 36;
        s.base_url = "https://suno.example.com";
        s.api_key = "sk-suno";
        s.client_path = path;
        return s;
    }
};

TEST_F(SunoPlugin, ActionsAreBilledAsTheirModels) {
    TaskCall music(provider, spec("/suno/submit/music"));
    EXPECT_EQ(music.estimate(R"({"gpt_description_prompt":"a song about rain"})").model, "suno_music");
    TaskCall lyrics(provider, spec("/suno/submit/lyrics"));
    EXPECT_EQ(lyrics.estimate(R"({"prompt":"rain"})").model, "suno_lyrics");
}

TEST_F(SunoPlugin, MissingPromptAndUnknownActionAreRefused) {
    TaskCall lyrics(provider, spec("/suno/submit/lyrics"));
    TaskReport r = lyrics.estimate(R"({"title":"x"})");
    EXPECT_EQ(r.status, GW_ERR_BAD_ARGUMENT);
    EXPECT_EQ(r.error.status, 400);
    TaskCall other(provider, spec("/suno/submit/video"));
    EXPECT_EQ(other.estimate(R"({"prompt":"x"})").error.code, "invalid_api_action");
}

TEST_F(SunoPlugin, SubmitAndPoll) {
    TaskCall call(provider, spec("/suno/submit/music"));
    BuiltRequest b = call.submit(R"({"prompt":"rain"})");
    EXPECT_EQ(b.url, "https://suno.example.com/suno/submit/music");
    EXPECT_EQ(b.header("authorization"), "Bearer sk-suno");
    TaskReport s = call.submit_answer(200, R"({"code":"success","message":"","data":"up-1"})");
    ASSERT_EQ(s.results.size(), 1u);
    EXPECT_EQ(s.results[0].task_id, "up-1");
    EXPECT_EQ(s.results[0].action, "MUSIC");
    TaskReport refused = call.submit_answer(200, R"({"code":"error","message":"quota exhausted"})");
    EXPECT_EQ(refused.status, GW_ERR_UPSTREAM);
    EXPECT_EQ(refused.error.message, "quota exhausted");

    BuiltRequest f = call.fetch(R"(["up-1"])");
    EXPECT_EQ(f.url, "https://suno.example.com/suno/fetch");
    EXPECT_EQ(json::parse(f.body)["ids"][0], "up-1");
    TaskReport p = call.fetch_answer(200, R"({"code":"success","data":[{"task_id":"up-1","action":"MUSIC",
        "status":"SUCCESS","fail_reason":"","data":[{"id":"clip-1","audio_url":"https://cdn/a.mp3"}]}]})");
    ASSERT_EQ(p.results.size(), 1u);
    EXPECT_EQ(p.results[0].state, GW_TASK_SUCCESS);
    EXPECT_EQ(p.results[0].progress, 100);
    EXPECT_EQ(json::parse(p.results[0].data_json)[0]["id"], "clip-1");
}

}  // namespace
