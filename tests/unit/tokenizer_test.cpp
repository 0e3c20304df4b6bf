// BPE token counts against counts produced by the reference tiktoken implementation (js-tiktoken).
#include "relay/tokenizer.hpp"

#include <gtest/gtest.h>

namespace {

const std::vector<std::string> kSamples = {"hello world",
                                           "tiktoken is great!",
                                           "Le café coûte 3,50 €, n'est-ce pas?",
                                           "中文分词测试，看看效果如何。",
                                           "def f(x):\n    return x**2  # square\n\n\n",
                                           "   leading and trailing   ",
                                           "I'll've done it 12345678 times"};

const gw::relay::Tokenizer& tokenizer() {
    static gw::relay::Tokenizer t(TOKENIZER_DIR);
    return t;
}

TEST(Tokenizer, MatchesTiktokenOnO200k) {
    std::vector<int64_t> expected = {2, 6, 13, 9, 13, 5, 9};
    for (size_t i = 0; i < kSamples.size(); ++i)
        EXPECT_EQ(tokenizer().count("gpt-4o-mini", kSamples[i]), expected[i]) << kSamples[i];
}

TEST(Tokenizer, MatchesTiktokenOnCl100k) {
    std::vector<int64_t> expected = {2, 6, 16, 14, 13, 5, 10};
    for (size_t i = 0; i < kSamples.size(); ++i)
        EXPECT_EQ(tokenizer().count("gpt-3.5-turbo", kSamples[i]), expected[i]) << kSamples[i];
}

TEST(Tokenizer, EmptyTextIsZero) {
    EXPECT_EQ(tokenizer().count("gpt-4o", ""), 0);
}

}  // namespace

namespace {

// One giant "word" must not take quadratic time: it is merged in windows.
TEST(Tokenizer, CountsAnAdversarialRunQuickly) {
    std::string run(2'000'000, 'x');
    int64_t n = tokenizer().count("gpt-4o", run);
    EXPECT_GT(n, 2'000'000 / 256);
    EXPECT_LT(n, 2'000'000);
}

}  // namespace
