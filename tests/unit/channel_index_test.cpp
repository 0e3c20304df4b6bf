// The in-memory channel index the relay selects from.
#include "store/cache.hpp"

#include <gtest/gtest.h>

#include <map>

using namespace gw::store;

namespace {

Channel channel(int64_t id, const std::string& groups, const std::string& models, int64_t priority, int status = 1) {
    Channel c;
    c.id = id;
    c.group = groups;
    c.models = models;
    c.priority = priority;
    c.status = status;
    return c;
}

TEST(ChannelIndex, GroupsModelsByPriorityAndSkipsDisabled) {
    ChannelIndex idx = build_channel_index({channel(1, "default", "a,b", 0), channel(2, "default,vip", "a", 5),
                                            channel(3, "default", "a", 9, 2), channel(4, "default", " a ", 1)});
    const auto* list = idx.find("default", "a");
    ASSERT_TRUE(list);
    ASSERT_EQ(list->size(), 3u);
    EXPECT_EQ((*list)[0]->id, 2);
    EXPECT_EQ((*list)[1]->id, 4);
    EXPECT_EQ((*list)[2]->id, 1);
    EXPECT_EQ(idx.find("vip", "a")->size(), 1u);
    EXPECT_FALSE(idx.find("vip", "b"));
    EXPECT_FALSE(idx.find("nope", "a"));
}

}  // namespace

#include "relay/channel_keys.hpp"

namespace {

TEST(ChannelKeys, FirstKeyOfEveryForm) {
    EXPECT_EQ(gw::relay::first_key("sk-one"), "sk-one");
    EXPECT_EQ(gw::relay::first_key("\n sk-a \nsk-b\n"), "sk-a");
    EXPECT_EQ(gw::relay::first_key(R"(["sk-x","sk-y"])"), "sk-x");
    EXPECT_EQ(gw::relay::first_key(R"([{"type":"service_account"}])"), R"({"type":"service_account"})");
    EXPECT_EQ(gw::relay::first_key(""), "");
}

}  // namespace

#include "relay/channel_selector.hpp"

namespace {

Channel weighted(int64_t id, int64_t priority, int64_t weight) {
    Channel c = channel(id, "default", "m", priority);
    c.weight = weight;
    return c;
}

TEST(ChannelSelector, WeightedChoiceFollowsWeightsWithinFivePercent) {
    ChannelIndex idx = build_channel_index({weighted(1, 0, 10), weighted(2, 0, 30), weighted(3, 0, 60)});
    std::mt19937_64 rng(42);
    std::map<int64_t, int> seen;
    for (int i = 0; i < 2000; ++i) ++seen[gw::relay::select_channel(idx, "default", "m", {}, 0, rng)->id];
    EXPECT_NEAR(seen[1] / 2000.0, 0.10, 0.05);
    EXPECT_NEAR(seen[2] / 2000.0, 0.30, 0.05);
    EXPECT_NEAR(seen[3] / 2000.0, 0.60, 0.05);
}

TEST(ChannelSelector, RetryMovesDownAPriorityAndSkipsTriedChannels) {
    ChannelIndex idx = build_channel_index({weighted(1, 10, 1), weighted(2, 5, 1), weighted(3, 0, 1)});
    std::mt19937_64 rng(1);
    EXPECT_EQ(gw::relay::select_channel(idx, "default", "m", {}, 0, rng)->id, 1);
    EXPECT_EQ(gw::relay::select_channel(idx, "default", "m", {1}, 1, rng)->id, 2);
    EXPECT_EQ(gw::relay::select_channel(idx, "default", "m", {1, 2}, 2, rng)->id, 3);
    // the lowest level was tried already: the nearest untried level above serves
    EXPECT_EQ(gw::relay::select_channel(idx, "default", "m", {3}, 2, rng)->id, 2);
    EXPECT_FALSE(gw::relay::select_channel(idx, "default", "m", {1, 2, 3}, 1, rng));
}

}  // namespace
