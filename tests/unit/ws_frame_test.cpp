// RFC 6455 framing: both directions, every length form, fragments and the protocol's refusals.
#include "http/ws_frame.hpp"

#include <gtest/gtest.h>

using namespace gw::http;

namespace {

std::vector<WsMessage> read_all(WsReader& r, std::string_view bytes) {
    std::vector<WsMessage> out;
    EXPECT_TRUE(r.feed(bytes, out)) << r.error();
    return out;
}

}  // namespace

TEST(WsFrame, AcceptKeyIsRfc6455s) {
    EXPECT_EQ(ws_accept_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    EXPECT_EQ(ws_new_key().size(), 24u);
}

TEST(WsFrame, MaskedFramesOfEveryLengthRoundTrip) {
    for (size_t n : {0u, 5u, 125u, 126u, 65535u, 65536u, 200000u}) {
        std::string payload(n, 'x');
        for (size_t i = 0; i < n; ++i) payload[i] = static_cast<char>(i * 7);
        WsReader server(true, 1u << 20);
        auto got = read_all(server, ws_frame(WsOp::binary, payload, true));
        ASSERT_EQ(got.size(), 1u) << n;
        EXPECT_EQ(got[0].op, WsOp::binary);
        EXPECT_EQ(got[0].payload, payload) << n;
    }
}

TEST(WsFrame, BytesArrivingOneAtATimeMakeTheSameMessages) {
    std::string wire = ws_frame(WsOp::text, "hello", false) + ws_frame(WsOp::ping, "p", false);
    WsReader client(false, 1024);
    std::vector<WsMessage> out;
    for (char c : wire) ASSERT_TRUE(client.feed(std::string_view(&c, 1), out));
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].payload, "hello");
    EXPECT_EQ(out[1].op, WsOp::ping);
}

TEST(WsFrame, FragmentsAreJoinedAroundControlFrames) {
    auto frag = [](uint8_t first, std::string_view p) {
        std::string f{static_cast<char>(first), static_cast<char>(p.size())};
        return f.append(p);
    };
    std::string wire = frag(0x01, "Hel") + ws_frame(WsOp::ping, "", false) + frag(0x80, "lo");
    WsReader client(false, 1024);
    auto got = read_all(client, wire);
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0].op, WsOp::ping);
    EXPECT_EQ(got[1].op, WsOp::text);
    EXPECT_EQ(got[1].payload, "Hello");
}

TEST(WsFrame, ProtocolViolationsAreRefusedWithTheirCloseCodes) {
    std::vector<WsMessage> out;
    WsReader server(true, 1024);
    EXPECT_FALSE(server.feed(ws_frame(WsOp::text, "unmasked", false), out));
    EXPECT_EQ(server.close_code(), 1002);
    WsReader small(false, 10);
    EXPECT_FALSE(small.feed(ws_frame(WsOp::text, std::string(11, 'a'), false), out));
    EXPECT_EQ(small.close_code(), 1009);
    WsReader bad_op(false, 1024);
    EXPECT_FALSE(bad_op.feed(std::string{static_cast<char>(0x83), 0}, out));
    WsReader long_ping(false, 1024);
    EXPECT_FALSE(long_ping.feed(ws_frame(WsOp::ping, std::string(126, 'p'), false), out));
    WsReader stray(false, 1024);
    EXPECT_FALSE(stray.feed(std::string{static_cast<char>(0x80), 1, 'x'}, out));  // a continuation of nothing
}

TEST(WsFrame, ClosePayloadCarriesTheCode) {
    EXPECT_EQ(ws_close_code(ws_close_payload(1011, "upstream unavailable")), 1011);
    EXPECT_EQ(ws_close_code(""), 1005);
}
