// Routing by method and path with parameters.
#include "http/router.hpp"
#include "store/database.hpp"

#include <gtest/gtest.h>

using namespace gw;

namespace {

http::Handler tag(int* hit, int value) {
    return [hit, value](http::HttpRequest&, const http::Responder&) { *hit = value; };
}

TEST(Router, UnknownPathsTakeTheirOwnNotFoundAnswerBeforeTheFallback) {
    http::Router r;
    int hit = 0;
    r.get("/api/status", tag(&hit, 1));
    r.fallback(tag(&hit, 2));
    r.not_found([](const http::HttpRequest& head) -> std::optional<http::EarlyAnswer> {
        if (head.path.rfind("/v1/", 0) != 0) return std::nullopt;
        return http::EarlyAnswer{404, "relay 404"};
    });
    http::HttpRequest req;
    req.method = "POST";
    req.path = "/v1/nothing";
    auto m = r.match(req);
    EXPECT_FALSE(m.handler);
    EXPECT_EQ(r.refusal(m, req).body, "relay 404");
    req.method = "GET";
    m = r.match(req);
    EXPECT_FALSE(m.handler);  // not the web UI's fallback
    EXPECT_EQ(r.refusal(m, req).body, "relay 404");
    req.path = "/console/log";
    EXPECT_TRUE(r.match(req).handler);  // the fallback serves the rest
    req.method = "POST";
    req.path = "/api/nothing";
    EXPECT_EQ(r.refusal(r.match(req), req).status, 404);
    req.path = "/api/status";
    EXPECT_EQ(r.refusal(r.match(req), req).status, 405);
}

TEST(Router, MatchesLiteralParamsAndWildcards) {
    http::Router r;
    int dummy = 0;
    r.get("/api/user/self", tag(&dummy, 1));
    r.get("/api/user/:id", tag(&dummy, 2));
    r.post("/api/user/", tag(&dummy, 3));
    r.get("/v1beta/models/*", tag(&dummy, 4));

    http::HttpRequest req;
    req.method = "GET";
    req.path = "/api/user/self";
    EXPECT_TRUE(r.match(req).handler);
    EXPECT_TRUE(req.params.empty());

    req.path = "/api/user/42";
    ASSERT_TRUE(r.match(req).handler);
    EXPECT_EQ(req.param("id"), "42");

    req.path = "/v1beta/models/gemini-pro:generateContent";
    ASSERT_TRUE(r.match(req).handler);
    EXPECT_EQ(req.param("*"), "gemini-pro:generateContent");

    req.method = "DELETE";
    req.path = "/api/user/";
    auto m = r.match(req);
    EXPECT_FALSE(m.handler);
    EXPECT_TRUE(m.path_known);

    req.method = "GET";
    req.path = "/nothing";
    EXPECT_FALSE(r.match(req).path_known);
}

TEST(SqlRender, QuotesAndPlaceholdersPerDialect) {
    using store::Dialect;
    std::string portable = "SELECT `key` FROM `options` WHERE `key` = ? AND `value` <> '?' AND x = ?";
    EXPECT_EQ(store::render_sql(Dialect::sqlite, portable), portable);
    EXPECT_EQ(store::render_sql(Dialect::mysql, portable), portable);
    EXPECT_EQ(store::render_sql(Dialect::postgres, portable),
              "SELECT \"key\" FROM \"options\" WHERE \"key\" = $1 AND \"value\" <> '?' AND x = $2");
}

}  // namespace
