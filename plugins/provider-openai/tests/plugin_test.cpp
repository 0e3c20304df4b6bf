// Golden tests of the OpenAI provider through the real .so and the SDK's fake host.
#include <gw/cpp/testing.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

using namespace gw::testing;
using nlohmann::json;

class OpenAIPlugin : public ::testing::Test {
protected:
    FakeHost host;
    LoadedPlugin plugin{PLUGIN_PATH, host};
    const gw_provider* provider = plugin.create("org.newapi.provider.openai");

    RequestSpec spec(bool stream = false) {
        RequestSpec s;
        s.origin_model = "gpt-4o-mini";
        s.base_url = "https://api.example.com/";
        s.api_key = "sk-upstream";
        s.stream = stream;
        return s;
    }
};

TEST_F(OpenAIPlugin, DescribesChannelTypesAndCapabilities) {
    const gw_provider_factory* f = plugin.providers();
    ASSERT_EQ(f->count(f), 1u);
    const gw_provider_descriptor* d = f->get(f, 0);
    EXPECT_STREQ(d->id, "org.newapi.provider.openai");
    std::vector<int> types;
    for (auto t = d->channel_types; *t; ++t) types.push_back((*t)->type_id);
    EXPECT_NE(std::find(types.begin(), types.end(), 1), types.end());
    EXPECT_NE(std::find(types.begin(), types.end(), 8), types.end());
    EXPECT_NE(std::find(types.begin(), types.end(), 43), types.end());
}

TEST_F(OpenAIPlugin, BuildsChatRequestWithBearerKeyAndOriginalBody) {
    Call call(provider, spec());
    BuiltRequest r = call.build(R"({"model":"gpt-4o-mini","messages":[]})");
    EXPECT_EQ(r.status, GW_OK);
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.url, "https://api.example.com/v1/chat/completions");
    EXPECT_EQ(r.header("authorization"), "Bearer sk-upstream");
    EXPECT_TRUE(r.original_body);
    EXPECT_EQ(r.framing, GW_FRAMING_NONE);
}

TEST_F(OpenAIPlugin, CustomChannelUsesFullUrlWithModel) {
    RequestSpec s = spec();
    s.channel_type = 8;
    s.base_url = "https://proxy.example.com/deployments/{model}/chat";
    Call call(provider, s);
    EXPECT_EQ(call.build("{}").url, "https://proxy.example.com/deployments/gpt-4o-mini/chat");
}

TEST_F(OpenAIPlugin, ParsesUsageFromResponse) {
    Call call(provider, spec());
    call.build("{}");
    ParseResult r = call.respond(
        200,
        R"({"id":"x","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17,"prompt_tokens_details":{"cached_tokens":4}}})");
    ASSERT_EQ(r.status, GW_OK);
    ASSERT_TRUE(r.usage_reported);
    EXPECT_EQ(r.usage.prompt_tokens, 12);
    EXPECT_EQ(r.usage.completion_tokens, 5);
    EXPECT_EQ(r.usage.cached_tokens, 4);
    ASSERT_EQ(r.events.size(), 1u);
}

TEST_F(OpenAIPlugin, FlagsAuthErrorsForChannelDisable) {
    Call call(provider, spec());
    call.build("{}");
    ParseResult r = call.respond(
        401, R"({"error":{"message":"Incorrect API key","type":"invalid_request_error","code":"invalid_api_key"}})");
    EXPECT_EQ(r.status, GW_ERR_UPSTREAM);
    ASSERT_TRUE(r.error.set);
    EXPECT_EQ(r.error.status, 401);
    EXPECT_EQ(r.error.code, "invalid_api_key");
    EXPECT_TRUE(r.error.flags & GW_ERRF_DISABLE_CHANNEL);
    EXPECT_FALSE(r.error.flags & GW_ERRF_CLIENT_FAULT);
}

TEST_F(OpenAIPlugin, AnAnswerNestedTooDeepIsAnErrorNotACrash) {
    Call call(provider, spec());
    call.build("{}");
    std::string deep = R"({"id":"x","choices":[{"message":)";
    for (int i = 0; i < 200000; ++i) deep += R"({"a":)";
    deep += "{}" + std::string(200000, '}') + "}]}";
    ParseResult r = call.respond(200, deep);
    EXPECT_NE(r.status, GW_OK);
}

const std::string kStream =
    "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"
    "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}\n\n"
    "data: [DONE]\n\n";

TEST_F(OpenAIPlugin, StreamAsksUpstreamForUsageButHidesItFromAClientThatDidNot) {
    Call call(provider, spec(true));
    BuiltRequest r = call.build(R"({"model":"gpt-4o-mini","stream":true,"messages":[]})");
    EXPECT_EQ(r.framing, GW_FRAMING_SSE);
    EXPECT_FALSE(r.original_body);
    EXPECT_EQ(json::parse(r.body)["stream_options"]["include_usage"], true);
    ParseResult p = call.stream(200, kStream);
    ASSERT_EQ(p.status, GW_OK);
    EXPECT_EQ(p.events.size(), 1u);  // the usage-only chunk stays with the gateway
    EXPECT_TRUE(p.usage_reported);
    EXPECT_EQ(p.usage.completion_tokens, 1);
}

TEST_F(OpenAIPlugin, StreamForwardsUsageWhenTheClientAskedAndSendsTheBodyUntouched) {
    Call call(provider, spec(true));
    std::string body = R"({"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},"messages":[]})";
    BuiltRequest r = call.build(body);
    EXPECT_TRUE(r.original_body);
    EXPECT_EQ(r.body, body);
    EXPECT_EQ(call.stream(200, kStream).events.size(), 2u);
}

TEST_F(OpenAIPlugin, OSeriesGetsMaxCompletionTokensAndDeveloperRole) {
    RequestSpec s = spec();
    s.origin_model = "o3-mini";
    Call call(provider, s);
    json b = json::parse(
        call.build(
                R"({"model":"o3-mini","max_tokens":100,"messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hi"}]})")
            .body);
    EXPECT_FALSE(b.contains("max_tokens"));
    EXPECT_EQ(b["max_completion_tokens"], 100);
    EXPECT_EQ(b["messages"][0]["role"], "developer");
}

TEST_F(OpenAIPlugin, Gpt5ModelsGetMaxCompletionTokensAndKeepTheClients) {
    for (const char* model : {"gpt-5", "gpt-5-mini", "gpt-5-chat-latest", "gpt-5.1-codex"}) {
        RequestSpec s = spec();
        s.origin_model = model;
        Call call(provider, s);
        json b = json::parse(call.build(std::string(R"({"model":")") + model +
                                        R"(","max_tokens":300,"messages":[{"role":"user","content":"hi"}]})")
                                 .body);
        EXPECT_FALSE(b.contains("max_tokens")) << model;
        EXPECT_EQ(b["max_completion_tokens"], 300) << model;
        Call both(provider, s);
        json kept = json::parse(both.build(std::string(R"({"model":")") + model +
                                           R"(","max_tokens":300,"max_completion_tokens":50,"messages":[]})")
                                    .body);
        EXPECT_EQ(kept["max_completion_tokens"], 50) << model;  // the client's own wins
        EXPECT_FALSE(kept.contains("max_tokens")) << model;
    }
}

TEST_F(OpenAIPlugin, Gpt5DropsSamplingFields) {
    RequestSpec s = spec();
    s.origin_model = "gpt-5";
    Call call(provider, s);
    json b = json::parse(call.build(R"({"model":"gpt-5","temperature":0.2,"top_p":0.9,"messages":[]})").body);
    EXPECT_FALSE(b.contains("temperature"));
    EXPECT_FALSE(b.contains("top_p"));
}

TEST_F(OpenAIPlugin, EffortSuffixBecomesReasoningEffort) {
    RequestSpec s = spec();
    s.origin_model = "o4-mini-high";
    Call call(provider, s);
    json b = json::parse(call.build(R"({"model":"o4-mini-high","messages":[]})").body);
    EXPECT_EQ(b["model"], "o4-mini");
    EXPECT_EQ(b["reasoning_effort"], "high");

    RequestSpec r = spec();
    r.origin_model = "gpt-5-minimal";
    r.api = GW_API_RESPONSES;
    Call responses(provider, r);
    BuiltRequest built = responses.build(R"({"model":"gpt-5-minimal","input":"hi"})");
    EXPECT_EQ(built.url, "https://api.example.com/v1/responses");
    EXPECT_EQ(json::parse(built.body)["reasoning"]["effort"], "minimal");

    RequestSpec plain = spec();
    plain.origin_model = "gpt-4o-mini-high";  // not a reasoning model: the name is left alone
    Call untouched(provider, plain);
    EXPECT_TRUE(untouched.build(R"({"model":"gpt-4o-mini-high"})").original_body);
}

TEST_F(OpenAIPlugin, OddFieldTypesDoNotBreakTheBuild) {
    Call call(provider, spec(true));
    BuiltRequest r = call.build(R"({"model":"o3","stream":"yes","stream_options":[],"messages":[{"role":5}]})");
    EXPECT_EQ(r.status, GW_OK);
}

}  // namespace
