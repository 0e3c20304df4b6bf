#include "cluster/redis_url.hpp"

#include <gtest/gtest.h>

using gw::cluster::parse_redis_url;
using gw::cluster::RedisUrlError;

TEST(RedisUrl, ReadsNewApisForm) {
    auto e = parse_redis_url("redis://default:p%40ss@cache.internal:6380/2");
    EXPECT_EQ(e.host, "cache.internal");
    EXPECT_EQ(e.port, 6380);
    EXPECT_EQ(e.user, "default");
    EXPECT_EQ(e.password, "p@ss");
    EXPECT_EQ(e.db, 2);
    EXPECT_EQ(e.describe(), "cache.internal:6380/2");
}

TEST(RedisUrl, DefaultsAndPasswordOnly) {
    auto e = parse_redis_url("redis://:secret@10.0.0.7");
    EXPECT_EQ(e.port, 6379);
    EXPECT_EQ(e.user, "");
    EXPECT_EQ(e.password, "secret");
    EXPECT_EQ(e.db, 0);
    EXPECT_EQ(parse_redis_url("redis://localhost:6379").host, "localhost");
}

TEST(RedisUrl, RefusesWhatItCannotServe) {
    EXPECT_THROW(parse_redis_url("rediss://host:6380"), RedisUrlError);
    EXPECT_THROW(parse_redis_url("host:6379"), RedisUrlError);
    EXPECT_THROW(parse_redis_url("redis://host:port"), RedisUrlError);
    EXPECT_THROW(parse_redis_url("redis://host/notanumber"), RedisUrlError);
}
