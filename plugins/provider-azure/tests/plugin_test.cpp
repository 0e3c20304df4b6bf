// Golden tests of the Azure OpenAI provider through the real .so and the SDK's fake host.
#include <gw/cpp/testing.hpp>

#include <gtest/gtest.h>

#include <cstdlib>

namespace {

using namespace gw::testing;

class AzurePlugin : public ::testing::Test {
protected:
    FakeHost host;
    LoadedPlugin plugin{PLUGIN_PATH, host};

    RequestSpec spec(gw_api_kind api = GW_API_CHAT) {
        RequestSpec s;
        s.api = api;
        s.channel_type = 3;
        s.origin_model = "gpt-4.1-mini";
        s.base_url = "https://res.openai.azure.com/";
        s.api_key = "azkey";
        return s;
    }
};

TEST_F(AzurePlugin, DeploymentUrlWithChannelApiVersionAndApiKeyHeader) {
    Call call(plugin.create("org.newapi.provider.azure", R"({"other":"2024-10-21","created_time":1760000000})"),
              spec());
    BuiltRequest r = call.build(R"({"model":"gpt-4.1-mini","messages":[]})");
    EXPECT_EQ(r.url,
              "https://res.openai.azure.com/openai/deployments/gpt-4.1-mini/chat/completions?api-version=2024-10-21");
    EXPECT_EQ(r.header("api-key"), "azkey");
    EXPECT_EQ(r.header("authorization"), "");
}

TEST_F(AzurePlugin, DefaultApiVersionAndDotlessDeploymentsOnOldChannels) {
    unsetenv("AZURE_DEFAULT_API_VERSION");
    Call call(plugin.create("org.newapi.provider.azure", R"({"created_time":1700000000})"), spec(GW_API_EMBEDDINGS));
    EXPECT_EQ(call.build("{}").url,
              "https://res.openai.azure.com/openai/deployments/gpt-41-mini/embeddings?api-version=2025-04-01-preview");
}

TEST_F(AzurePlugin, ResponsesUseTheV1Endpoint) {
    Call call(plugin.create("org.newapi.provider.azure", R"({"settings":"{\"azure_responses_version\":\"preview\"}"})"),
              spec(GW_API_RESPONSES));
    EXPECT_EQ(call.build(R"({"model":"gpt-4.1-mini","input":"hi"})").url,
              "https://res.openai.azure.com/openai/v1/responses?api-version=preview");
}

TEST_F(AzurePlugin, ResponsesStreamUsageComesFromTheCompletedEvent) {
    RequestSpec s = spec(GW_API_RESPONSES);
    s.stream = true;
    Call call(plugin.create("org.newapi.provider.azure", "{}"), s);
    call.build(R"({"model":"gpt-4.1-mini","input":"hi","stream":true})");
    ParseResult r = call.stream(
        200,
        "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"x\"}\n\n"
        "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"usage\":"
        "{\"input_tokens\":9,\"output_tokens\":3,\"total_tokens\":12}}}\n\n");
    ASSERT_TRUE(r.usage_reported);
    EXPECT_EQ(r.usage.prompt_tokens, 9);
    EXPECT_EQ(r.usage.completion_tokens, 3);
    EXPECT_EQ(r.events.size(), 2u);
}

}  // namespace
