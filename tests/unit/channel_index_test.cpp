// The in-memory channel index the relay selects from.
#include "store/cache.hpp"

#include <gtest/gtest.h>

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
