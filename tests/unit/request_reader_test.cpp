#include "http/request_reader.hpp"

#include <gtest/gtest.h>

#include <chrono>

using gw::http::ReaderLimits;
using gw::http::RequestReader;
using Step = RequestReader::Step;

namespace {

// Feeds `bytes` in pieces of `piece` bytes and runs the reader until it wants more.
std::vector<Step> feed(RequestReader& r, const std::string& bytes, size_t piece = 1u << 20) {
    std::vector<Step> steps;
    for (size_t at = 0; at < bytes.size(); at += piece) {
        r.feed(bytes.data() + at, std::min(piece, bytes.size() - at));
        for (Step s = r.next(); s != Step::need_more; s = r.next()) {
            steps.push_back(s);
            if (s == Step::refused) return steps;
            if (s == Step::request) r.take();
        }
    }
    return steps;
}

}  // namespace

TEST(RequestReader, FramesPipelinedRequestsFromOneRead) {
    RequestReader r({});
    std::string two =
        "POST /v1/chat/completions?a=1 HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET /api/status HTTP/1.1\r\n\r\n";
    r.feed(two.data(), two.size());
    ASSERT_EQ(r.next(), Step::head);
    ASSERT_EQ(r.next(), Step::request);
    auto first = r.take();
    EXPECT_EQ(first.method, "POST");
    EXPECT_EQ(first.path, "/v1/chat/completions");
    EXPECT_EQ(first.body, "hello");
    ASSERT_EQ(r.next(), Step::head);
    ASSERT_EQ(r.next(), Step::request);
    EXPECT_EQ(r.take().path, "/api/status");
    EXPECT_TRUE(r.empty());
}

TEST(RequestReader, ReadsAHeadByteByByteAndDecodesTheQuery) {
    RequestReader r({});
    auto steps = feed(r, "GET /api/user/search?keyword=sp%20ace+x&b HTTP/1.1\r\nCookie: session=abc; x=\"y\"\r\n\r\n", 1);
    ASSERT_EQ(steps.size(), 2u);
    RequestReader again({});
    std::string head = "GET /p?keyword=sp%20ace+x&b HTTP/1.1\r\nCookie: session=abc; x=\"y\"\r\n\r\n";
    again.feed(head.data(), head.size());
    ASSERT_EQ(again.next(), Step::head);
    ASSERT_EQ(again.next(), Step::request);
    auto req = again.take();
    EXPECT_EQ(req.query_param("keyword"), "sp ace x");
    EXPECT_EQ(req.query_param("b"), "");
    EXPECT_EQ(req.cookies["session"], "abc");
    EXPECT_EQ(req.cookies["x"], "y");
}

TEST(RequestReader, RefusesAHeadAboveTheLimitWithoutWaitingForItsEnd) {
    RequestReader r({.max_head = 4096, .max_body = 1 << 20});
    auto steps = feed(r, "GET / HTTP/1.1\r\nX: " + std::string(8192, 'a'), 1000);
    ASSERT_EQ(steps.back(), Step::refused);
    EXPECT_EQ(r.refusal().status, 431);
}

TEST(RequestReader, AManyHeaderHeadCostsLinearTime) {
    std::string head = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 60000; ++i) head += "X-H" + std::to_string(i) + ": v\r\n";
    head += "\r\n";
    RequestReader r({});
    auto t0 = std::chrono::steady_clock::now();
    auto steps = feed(r, head, 4096);
    auto spent = std::chrono::steady_clock::now() - t0;
    ASSERT_EQ(steps.size(), 2u);
    // Quadratic rescanning of ~900 KB in 4 KB reads would take seconds.
    EXPECT_LT(spent, std::chrono::milliseconds(500));
}

TEST(RequestReader, RefusesConflictingOrAmbiguousFraming) {
    for (const char* head : {"POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
                             "POST / HTTP/1.1\r\nContent-Length: 5, 6\r\n\r\n",
                             "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
                             "POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
                             "POST / HTTP/1.1\r\nX: a\r\n folded\r\n\r\n", "POST / HTTP/1.1\r\nBad Name: a\r\n\r\n",
                             "GET  / HTTP/1.1\r\n\r\n", "GET / HTTP/2.0\r\n\r\n"}) {
        RequestReader r({});
        auto steps = feed(r, head);
        ASSERT_FALSE(steps.empty()) << head;
        EXPECT_EQ(steps.back(), Step::refused) << head;
        EXPECT_GE(r.refusal().status, 400) << head;
    }
    RequestReader te({});
    EXPECT_EQ(feed(te, "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n").back(), Step::refused);
    EXPECT_EQ(te.refusal().status, 501);
}

TEST(RequestReader, RefusesABodyByItsLengthBeforeReadingIt) {
    RequestReader r({.max_head = 1 << 20, .max_body = 1000});
    auto steps = feed(r, "POST / HTTP/1.1\r\nContent-Length: 1001\r\n\r\n");
    ASSERT_EQ(steps.back(), Step::refused);
    EXPECT_EQ(r.refusal().status, 413);
}

TEST(RequestReader, DecodesChunkedBodiesAndCountsThem) {
    RequestReader r({.max_head = 1 << 20, .max_body = 10});
    std::string chunked =
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;x=1\r\nhello\r\n3\r\nabc\r\n0\r\nT: 1\r\n\r\n";
    r.feed(chunked.data(), chunked.size());
    ASSERT_EQ(r.next(), Step::head);
    ASSERT_EQ(r.next(), Step::request);
    EXPECT_EQ(r.take().body, "helloabc");
    auto steps = feed(r, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n12345678\r\n", 7);
    ASSERT_EQ(steps.back(), Step::refused);
    EXPECT_EQ(r.refusal().status, 413);
    RequestReader bad({});
    EXPECT_EQ(feed(bad, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").back(), Step::refused);
}
