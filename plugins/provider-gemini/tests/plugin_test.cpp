// Golden tests of the Gemini provider through the real .so and the SDK's fake host.
#include <gw/cpp/testing.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

using namespace gw::testing;
using nlohmann::json;

class GeminiPlugin : public ::testing::Test {
protected:
    FakeHost host;
    LoadedPlugin plugin{PLUGIN_PATH, host};

    const gw_provider* provider(const std::string& channel = "{}") {
        return plugin.create("org.newapi.provider.gemini", channel);
    }

    RequestSpec spec(const std::string& model, bool stream = false) {
        RequestSpec s;
        s.body_wire = GW_WIRE_GEMINI;
        s.client_wire = GW_WIRE_GEMINI;
        s.channel_type = 24;
        s.origin_model = model;
        s.base_url = "https://generativelanguage.googleapis.com";
        s.api_key = "AIza";
        s.client_path = "/v1beta/models/" + model + ":generateContent";
        s.stream = stream;
        return s;
    }
};

TEST_F(GeminiPlugin, BuildsGenerateAndStreamUrls) {
    const gw_provider* p = provider();
    Call call(p, spec("gemini-2.5-flash"));
    BuiltRequest r = call.build(R"({"contents":[]})");
    EXPECT_EQ(r.url, "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent");
    EXPECT_EQ(r.header("x-goog-api-key"), "AIza");
    EXPECT_TRUE(r.original_body);
    Call streaming(p, spec("gemini-2.5-flash", true));
    BuiltRequest s = streaming.build(R"({"contents":[]})");
    EXPECT_EQ(s.url,
              "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    EXPECT_EQ(s.framing, GW_FRAMING_SSE);
}

TEST_F(GeminiPlugin, ApiVersionPerModelAndChannel) {
    const gw_provider* p =
        provider(R"({"other":"v1","settings":"{\"gemini_api_versions\":{\"gemini-2.0-flash\":\"v1alpha\"}}"})");
    Call a(p, spec("gemini-2.5-pro"));
    EXPECT_EQ(a.build("{}").url, "https://generativelanguage.googleapis.com/v1/models/gemini-2.5-pro:generateContent");
    Call b(p, spec("gemini-2.0-flash"));
    EXPECT_EQ(b.build("{}").url,
              "https://generativelanguage.googleapis.com/v1alpha/models/gemini-2.0-flash:generateContent");
}

TEST_F(GeminiPlugin, ThinkingSuffixesNeverReachTheUrl) {
    const gw_provider* p = provider();
    Call budget(p, spec("gemini-2.5-flash-thinking-99999"));
    BuiltRequest r = budget.build(R"({"contents":[]})");
    EXPECT_EQ(r.url, "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent");
    json body = json::parse(r.body);
    EXPECT_EQ(body["generationConfig"]["thinkingConfig"]["thinkingBudget"], 24576);  // clamped
    EXPECT_EQ(body["generationConfig"]["thinkingConfig"]["includeThoughts"], true);
    Call off(p, spec("gemini-2.5-flash-nothinking"));
    BuiltRequest o = off.build(R"({"contents":[]})");
    EXPECT_EQ(json::parse(o.body)["generationConfig"]["thinkingConfig"]["thinkingBudget"], 0);
    Call pro(p, spec("gemini-2.5-pro-thinking-10"));
    EXPECT_EQ(json::parse(pro.build(R"({"contents":[]})").body)["generationConfig"]["thinkingConfig"]["thinkingBudget"],
              128);
}

TEST_F(GeminiPlugin, ConvertedRequestsGetSafetySettings) {
    RequestSpec s = spec("gemini-2.5-flash");
    s.client_wire = GW_WIRE_OPENAI;
    Call call(provider(R"({"settings":"{\"gemini_safety_setting\":\"OFF\"}"})"), s);
    json body = json::parse(call.build(R"({"contents":[]})").body);
    ASSERT_EQ(body["safetySettings"].size(), 5u);
    EXPECT_EQ(body["safetySettings"][0]["threshold"], "OFF");
}

TEST_F(GeminiPlugin, UsageFromUsageMetadataCountsThoughtsAsOutput) {
    Call call(provider(), spec("gemini-2.5-flash", true));
    call.build("{}");
    ParseResult r =
        call.stream(200,
                    "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}],\"usageMetadata\":"
                    "{\"promptTokenCount\":4,\"candidatesTokenCount\":1}}\n\n"
                    "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"b\"}]},\"finishReason\":\"STOP\"}],"
                    "\"usageMetadata\":{\"promptTokenCount\":4,\"candidatesTokenCount\":2,\"thoughtsTokenCount\":5,"
                    "\"cachedContentTokenCount\":2,\"totalTokenCount\":11}}\n\n");
    ASSERT_EQ(r.status, GW_OK);
    EXPECT_EQ(r.events.size(), 2u);
    EXPECT_EQ(r.usage.prompt_tokens, 4);
    EXPECT_EQ(r.usage.completion_tokens, 7);
    EXPECT_EQ(r.usage.reasoning_tokens, 5);
    EXPECT_EQ(r.usage.cached_tokens, 2);
}

TEST_F(GeminiPlugin, GoogleErrorsKeepTheirStatus) {
    Call call(provider(), spec("gemini-2.5-flash"));
    call.build("{}");
    ParseResult r =
        call.respond(400, R"({"error":{"code":400,"message":"API key not valid","status":"INVALID_ARGUMENT"}})");
    EXPECT_EQ(r.status, GW_ERR_UPSTREAM);
    EXPECT_EQ(r.error.status, 400);
    EXPECT_EQ(r.error.type, "INVALID_ARGUMENT");
    EXPECT_EQ(r.error.message, "API key not valid");
}

}  // namespace
