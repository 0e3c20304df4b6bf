// Local usage estimates used when an upstream reports none.
#include "relay/usage_estimate.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

const gw::relay::Tokenizer& tokenizer() {
    static gw::relay::Tokenizer t(TOKENIZER_DIR);
    return t;
}

TEST(UsageEstimate, PromptCountsEveryMessageWithOpenAIsOverhead) {
    auto body = nlohmann::json::parse(R"({"messages":[{"role":"system","content":"hello world"},
                                                      {"role":"user","content":[{"type":"text","text":"hello world"}]}]})");
    // 3 priming + per message: 3 + role + "hello world" (2 tokens)
    int64_t roles = tokenizer().count("gpt-4o", "system") + tokenizer().count("gpt-4o", "user");
    EXPECT_EQ(gw::relay::estimate_prompt_tokens(tokenizer(), "gpt-4o", GW_API_CHAT, body), 3 + 3 + 3 + roles + 2 + 2);
    auto emb = nlohmann::json::parse(R"({"input":["hello world","hello world"]})");
    EXPECT_EQ(gw::relay::estimate_prompt_tokens(tokenizer(), "text-embedding-3-small", GW_API_EMBEDDINGS, emb),
              tokenizer().count("text-embedding-3-small", "hello worldhello world"));
}

TEST(UsageEstimate, CompletionCountsStreamedContentAndToolCalls) {
    std::vector<std::string> chunks = {
        R"({"choices":[{"delta":{"role":"assistant","content":"hello"}}]})",
        R"({"choices":[{"delta":{"content":" world"}}]})",
        R"({"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"name":"f","arguments":"{}"}}]}}]})", "not json"};
    int64_t expected = tokenizer().count("gpt-4o", "hello") + tokenizer().count("gpt-4o", " world") +
                       tokenizer().count("gpt-4o", "f") + 7 + tokenizer().count("gpt-4o", "{}");
    EXPECT_EQ(gw::relay::estimate_completion_tokens(tokenizer(), "gpt-4o", chunks), expected);
    EXPECT_EQ(gw::relay::estimate_completion_tokens(tokenizer(), "gpt-4o", {}), 0);
}

}  // namespace
