// The charge journal on its own: records come back in order across segments, a torn tail is cut
// off, released segments go, and one process holds a directory at a time.
#include "billing/journal.hpp"
#include "billing/charge.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace {

using namespace gw::billing;
namespace fs = std::filesystem;
using std::chrono::milliseconds;

class JournalTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("gw-journal-" + std::to_string(std::random_device{}()));
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::vector<std::pair<uint64_t, std::string>> replay() {
        std::vector<std::pair<uint64_t, std::string>> out;
        Journal j(dir_.string(), milliseconds(5));
        j.replay([&](uint64_t seq, std::string_view p) { out.emplace_back(seq, std::string(p)); });
        return out;
    }
    size_t segments() const {
        size_t n = 0;
        for (const auto& e : fs::directory_iterator(dir_)) n += e.path().extension() == ".journal";
        return n;
    }
    fs::path last_segment() const {
        fs::path last;
        for (const auto& e : fs::directory_iterator(dir_))
            if (e.path().extension() == ".journal" && (last.empty() || e.path() > last)) last = e.path();
        return last;
    }

    fs::path dir_;
};

TEST_F(JournalTest, RecordsComeBackInOrderAcrossSegments) {
    std::string big(300 * 1024, 'x');  // 20 records of 300 KB: more than one 4 MB segment
    {
        Journal j(dir_.string(), milliseconds(5));
        j.replay([](uint64_t, std::string_view) { FAIL() << "a new journal has no records"; });
        for (uint64_t seq = 1; seq <= 20; ++seq) j.append(seq, big + std::to_string(seq));
    }
    EXPECT_GE(segments(), 2u);
    auto back = replay();
    ASSERT_EQ(back.size(), 20u);
    for (uint64_t i = 0; i < 20; ++i) {
        EXPECT_EQ(back[i].first, i + 1);
        EXPECT_EQ(back[i].second, big + std::to_string(i + 1));
    }
}

TEST_F(JournalTest, ATornTailIsCutOffAndTheRestKept) {
    {
        Journal j(dir_.string(), milliseconds(5));
        j.replay([](uint64_t, std::string_view) {});
        for (uint64_t seq = 1; seq <= 3; ++seq) j.append(seq, "charge " + std::to_string(seq));
    }
    fs::path seg = last_segment();
    auto intact = fs::file_size(seg);
    {
        std::ofstream out(seg, std::ios::binary | std::ios::app);
        out << std::string("\x40\x00\x00\x00\x12\x34", 6);  // a record header cut short by a crash
    }
    auto back = replay();
    ASSERT_EQ(back.size(), 3u);
    EXPECT_EQ(back[2].second, "charge 3");
    EXPECT_EQ(fs::file_size(seg), intact);
}

TEST_F(JournalTest, ADamagedRecordIsNotReplayed) {
    {
        Journal j(dir_.string(), milliseconds(5));
        j.replay([](uint64_t, std::string_view) {});
        j.append(1, "first");
        j.append(2, "second");
    }
    fs::path seg = last_segment();
    {
        std::fstream f(seg, std::ios::binary | std::ios::in | std::ios::out);
        f.seekp(static_cast<std::streamoff>(fs::file_size(seg) - 2));
        f.put('#');  // flips a byte of the last payload: its checksum fails
    }
    auto back = replay();
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0].second, "first");
}

TEST_F(JournalTest, ReleasedSegmentsAreDeleted) {
    std::string big(300 * 1024, 'y');
    Journal j(dir_.string(), milliseconds(5));
    j.replay([](uint64_t, std::string_view) {});
    for (uint64_t seq = 1; seq <= 20; ++seq) j.append(seq, big);  // 14 in the first segment, 6 after
    ASSERT_EQ(segments(), 2u);
    j.release(10);
    EXPECT_EQ(segments(), 2u);  // the first segment still holds 11..14
    j.release(20);              // all applied: even the current segment (over 1 MB) goes
    j.sync();
    EXPECT_EQ(segments(), 0u);
    j.append(21, "after");
    EXPECT_EQ(segments(), 1u);
}

TEST_F(JournalTest, OneProcessAtATime) {
    Journal first(dir_.string(), milliseconds(5));
    EXPECT_THROW(Journal(dir_.string(), milliseconds(5)), std::runtime_error);
}

TEST_F(JournalTest, TheIdSurvivesARestart) {
    std::string id;
    {
        Journal j(dir_.string(), milliseconds(5));
        id = j.id();
    }
    Journal again(dir_.string(), milliseconds(5));
    EXPECT_EQ(again.id(), id);
    EXPECT_EQ(id.size(), 32u);
}

TEST(ChargeCodec, EveryFieldRoundTrips) {
    Charge c;
    c.user_id = 7;
    c.token_id = 9;
    c.channel_id = 3;
    c.token_key = "abc";
    c.quota = (int64_t{1} << 53) - 1;
    c.counts_request = false;
    c.log_row = false;
    c.tokens = 1234;
    c.log.type = 2;
    c.log.user_id = 7;
    c.log.created_at = 1700000000;
    c.log.content = "模型倍率 0.08 😀";
    c.log.username = "u";
    c.log.model_name = "gpt";
    c.log.quota = 42;
    c.log.prompt_tokens = 11;
    c.log.completion_tokens = 22;
    c.log.is_stream = true;
    c.log.request_id = "req-1";
    c.log.other = R"({"a":1})";
    Charge back = decode(encode(c));
    EXPECT_EQ(back.user_id, 7);
    EXPECT_EQ(back.token_id, 9);
    EXPECT_EQ(back.channel_id, 3);
    EXPECT_EQ(back.token_key, "abc");
    EXPECT_EQ(back.quota, c.quota);
    EXPECT_FALSE(back.counts_request);
    EXPECT_FALSE(back.log_row);
    EXPECT_EQ(back.tokens, 1234);
    EXPECT_EQ(back.log.content, c.log.content);
    EXPECT_EQ(back.log.request_id, "req-1");
    EXPECT_EQ(back.log.other, c.log.other);
    EXPECT_TRUE(back.log.is_stream);
    EXPECT_EQ(back.log.completion_tokens, 22);
    EXPECT_EQ(back.held, 0);  // holds are not journaled
}

TEST(ChargeCodec, ACutPayloadIsRefused) {
    Charge c;
    c.log.content = "some text";
    std::string bytes = encode(c);
    EXPECT_THROW(decode(std::string_view(bytes).substr(0, bytes.size() - 3)), std::runtime_error);
    EXPECT_THROW(decode(bytes + "x"), std::runtime_error);
}

}  // namespace
