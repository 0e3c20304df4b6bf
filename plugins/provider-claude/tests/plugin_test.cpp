// Golden tests of the Anthropic provider through the real .so and the SDK's fake host.
#include <gw/cpp/testing.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

using namespace gw::testing;
using nlohmann::json;

class ClaudePlugin : public ::testing::Test {
protected:
    FakeHost host;
    LoadedPlugin plugin{PLUGIN_PATH, host};
    const gw_provider* provider = plugin.create("org.newapi.provider.claude");

    RequestSpec spec(bool stream = false) {
        RequestSpec s;
        s.body_wire = GW_WIRE_CLAUDE;
        s.client_wire = GW_WIRE_CLAUDE;
        s.channel_type = 14;
        s.origin_model = "claude-sonnet-4-0";
        s.base_url = "https://api.anthropic.com/";
        s.api_key = "sk-ant";
        s.client_path = "/v1/messages";
        s.stream = stream;
        return s;
    }
};

TEST_F(ClaudePlugin, PassesMessagesThroughWithAnthropicHeaders) {
    RequestSpec s = spec();
    s.client_headers = {{"anthropic-beta", "prompt-caching-2024-07-31"}};
    Call call(provider, s);
    BuiltRequest r = call.build(R"({"model":"claude-sonnet-4-0","max_tokens":10,"messages":[]})");
    ASSERT_EQ(r.status, GW_OK);
    EXPECT_EQ(r.url, "https://api.anthropic.com/v1/messages");
    EXPECT_EQ(r.header("x-api-key"), "sk-ant");
    EXPECT_EQ(r.header("anthropic-version"), "2023-06-01");
    EXPECT_EQ(r.header("anthropic-beta"), "prompt-caching-2024-07-31");
    EXPECT_TRUE(r.original_body);
}

TEST_F(ClaudePlugin, BetaQueryFollowsTheClient) {
    RequestSpec s = spec();
    s.client_path = "/v1/messages?beta=true";
    Call call(provider, s);
    EXPECT_EQ(call.build("{}").url, "https://api.anthropic.com/v1/messages?beta=true");
}

TEST_F(ClaudePlugin, ThinkingSuffixTurnsOnThinkingAndIsStripped) {
    RequestSpec s = spec();
    s.origin_model = "claude-sonnet-4-0-thinking";
    Call call(provider, s);
    BuiltRequest r =
        call.build(R"({"model":"claude-sonnet-4-0-thinking","max_tokens":4000,"temperature":0.2,"messages":[]})");
    json body = json::parse(r.body);
    EXPECT_EQ(body["model"], "claude-sonnet-4-0");
    EXPECT_EQ(body["thinking"]["type"], "enabled");
    EXPECT_EQ(body["thinking"]["budget_tokens"], 3200);
    EXPECT_EQ(body["temperature"], 1.0);
}

TEST_F(ClaudePlugin, UsageCountsCacheTokensApart) {
    Call call(provider, spec());
    call.build("{}");
    ParseResult r = call.respond(200, R"({"id":"msg_1","type":"message","content":[],"usage":{"input_tokens":10,
        "output_tokens":5,"cache_read_input_tokens":100,"cache_creation_input_tokens":30,
        "cache_creation":{"ephemeral_5m_input_tokens":20,"ephemeral_1h_input_tokens":10}}})");
    ASSERT_TRUE(r.usage_reported);
    EXPECT_EQ(r.usage.prompt_includes_cache, 0);
    EXPECT_EQ(r.usage.prompt_tokens, 10);
    EXPECT_EQ(r.usage.completion_tokens, 5);
    EXPECT_EQ(r.usage.cached_tokens, 100);
    EXPECT_EQ(r.usage.cache_write_tokens, 20);
    EXPECT_EQ(r.usage.cache_write_1h_tokens, 10);
}

TEST_F(ClaudePlugin, StreamUsageMergesStartAndDelta) {
    Call call(provider, spec(true));
    call.build("{}");
    ParseResult r =
        call.stream(200,
                    "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"usage\":"
                    "{\"input_tokens\":7,\"output_tokens\":1,\"cache_read_input_tokens\":3}}}\n\n"
                    "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                    "\"delta\":{\"type\":\"text_delta\",\"text\":\"hi\"}}\n\n"
                    "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
                    "\"end_turn\"},\"usage\":{\"output_tokens\":12}}\n\n"
                    "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    ASSERT_EQ(r.status, GW_OK);
    ASSERT_EQ(r.events.size(), 4u);
    EXPECT_EQ(r.events[0].event, "message_start");
    EXPECT_EQ(r.usage.prompt_tokens, 7);
    EXPECT_EQ(r.usage.cached_tokens, 3);
    EXPECT_EQ(r.usage.completion_tokens, 12);
}

TEST_F(ClaudePlugin, OverloadedIsRetryableAndStreamErrorsAreReported) {
    Call call(provider, spec(true));
    call.build("{}");
    ParseResult r = call.respond(529, R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})");
    EXPECT_EQ(r.status, GW_ERR_UPSTREAM);
    EXPECT_EQ(r.error.type, "overloaded_error");
    EXPECT_TRUE(r.error.flags & GW_ERRF_RETRYABLE);
    Call again(provider, spec(true));
    again.build("{}");
    ParseResult s = again.stream(
        200, "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}\n\n");
    EXPECT_EQ(s.status, GW_ERR_UPSTREAM);
    EXPECT_EQ(s.error.message, "boom");
}

}  // namespace
