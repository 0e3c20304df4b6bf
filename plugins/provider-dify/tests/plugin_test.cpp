// Golden tests of the Dify provider through the real .so and the SDK's fake host.
#include <gw/cpp/testing.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

using namespace gw::testing;
using nlohmann::json;

class DifyPlugin : public ::testing::Test {
protected:
    FakeHost host;
    LoadedPlugin plugin{PLUGIN_PATH, host};
    const gw_provider* provider = plugin.create("org.newapi.provider.dify");

    RequestSpec spec(bool stream) {
        RequestSpec s;
        s.channel_type = 37;
        s.origin_model = "dify-app";
        s.base_url = "https://dify.example.com";
        s.api_key = "app-key";
        s.request_id = "req-1";
        s.stream = stream;
        return s;
    }
};

TEST_F(DifyPlugin, FlattensTheConversationIntoOneQuery) {
    Call call(provider, spec(false));
    BuiltRequest r = call.build(R"({"model":"dify-app","messages":[
        {"role":"system","content":"Be brief."},
        {"role":"user","content":[{"type":"text","text":"What is this?"},
                                  {"type":"image_url","image_url":{"url":"https://img.example/cat.png"}}]},
        {"role":"assistant","content":"A cat."},
        {"role":"user","content":"And its name?"}]})");
    ASSERT_EQ(r.status, GW_OK);
    EXPECT_EQ(r.url, "https://dify.example.com/v1/chat-messages");
    EXPECT_EQ(r.header("authorization"), "Bearer app-key");
    EXPECT_EQ(r.framing, GW_FRAMING_NONE);
    json body = json::parse(r.body);
    EXPECT_EQ(body["query"],
              "SYSTEM: \nBe brief.\nUSER: \nWhat is this?\nASSISTANT: \nA cat.\nUSER: \nAnd its name?\n");
    EXPECT_EQ(body["response_mode"], "blocking");
    EXPECT_EQ(body["user"], "req-1");  // no user in the request: the request id, as New API
    EXPECT_EQ(body["files"][0],
              json({{"type", "image"}, {"transfer_method", "remote_url"}, {"url", "https://img.example/cat.png"}}));
    EXPECT_EQ(body["inputs"], json::object());
}

TEST_F(DifyPlugin, BlockingAnswerBecomesAChatCompletionWithUsage) {
    Call call(provider, spec(false));
    call.build(R"({"model":"dify-app","user":"u-9","messages":[{"role":"user","content":"hi"}]})");
    ParseResult p = call.respond(200, R"({"event":"message","message_id":"m1","conversation_id":"c1","answer":"Hello!",
        "metadata":{"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}})");
    ASSERT_EQ(p.status, GW_OK);
    ASSERT_EQ(p.events.size(), 1u);
    json c = json::parse(p.events[0].data);
    EXPECT_EQ(c["choices"][0]["message"]["content"], "Hello!");
    EXPECT_EQ(c["choices"][0]["finish_reason"], "stop");
    EXPECT_EQ(c["model"], "dify-app");
    EXPECT_TRUE(p.usage_reported);
    EXPECT_EQ(p.usage.prompt_tokens, 12);
    EXPECT_EQ(p.usage.completion_tokens, 3);
}

const std::string kStream =
    "data: {\"event\":\"workflow_started\",\"data\":{\"workflow_id\":\"wf1\"}}\n\n"
    "data: {\"event\":\"node_finished\",\"data\":{\"node_type\":\"llm\",\"status\":\"succeeded\"}}\n\n"
    "data: {\"event\":\"message\",\"answer\":\"Hel\"}\n\n"
    "event: ping\n\n"
    "data: {\"event\":\"message\",\"answer\":\"lo\"}\n\n"
    "data: "
    "{\"event\":\"message_end\",\"metadata\":{\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2,\"total_tokens\":"
    "9}}}\n\n";

TEST_F(DifyPlugin, StreamEventsBecomeChunksWithWorkflowProgressAsReasoning) {
    Call call(provider, spec(true));
    BuiltRequest r = call.build(
        R"({"model":"dify-app","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]})");
    EXPECT_EQ(json::parse(r.body)["response_mode"], "streaming");
    EXPECT_EQ(r.framing, GW_FRAMING_SSE);
    ParseResult p = call.stream(200, kStream, {{"content-type", "text/event-stream"}});
    ASSERT_EQ(p.status, GW_OK);
    std::vector<json> chunks;
    for (const auto& e : p.events) chunks.push_back(json::parse(e.data));
    ASSERT_EQ(chunks.size(), 6u);
    EXPECT_EQ(chunks[0]["choices"][0]["delta"]["reasoning_content"], "Workflow: wf1\n");
    EXPECT_EQ(chunks[1]["choices"][0]["delta"]["reasoning_content"], "Node: llm succeeded\n");
    EXPECT_EQ(chunks[2]["choices"][0]["delta"]["content"], "Hel");
    EXPECT_EQ(chunks[3]["choices"][0]["delta"]["content"], "lo");
    EXPECT_EQ(chunks[4]["choices"][0]["finish_reason"], "stop");
    EXPECT_EQ(chunks[5]["usage"]["total_tokens"], 9);
    EXPECT_TRUE(chunks[5]["choices"].empty());
    EXPECT_EQ(p.usage.completion_tokens, 2);
}

TEST_F(DifyPlugin, ErrorsKeepDifysMessageAndStatus) {
    Call call(provider, spec(false));
    call.build(R"({"model":"dify-app","messages":[{"role":"user","content":"hi"}]})");
    ParseResult p = call.respond(400, R"({"code":"invalid_param","message":"query is required","status":400})");
    EXPECT_NE(p.status, GW_OK);
    EXPECT_EQ(p.error.status, 400);
    EXPECT_EQ(p.error.code, "invalid_param");
    EXPECT_EQ(p.error.message, "query is required");
    Call streamed(provider, spec(true));
    streamed.build(R"({"model":"dify-app","stream":true,"messages":[{"role":"user","content":"hi"}]})");
    ParseResult s = streamed.stream(
        200,
        "data: {\"event\":\"error\",\"status\":500,\"code\":\"completion_request_error\",\"message\":\"model "
        "down\"}\n\n",
        {{"content-type", "text/event-stream"}});
    EXPECT_NE(s.status, GW_OK);
    EXPECT_EQ(s.error.message, "model down");
}

}  // namespace
