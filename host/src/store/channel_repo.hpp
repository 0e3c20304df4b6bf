// Channels and their abilities (group x model rows New API selects from). Every channel write
// rewrites that channel's abilities in the same transaction.
#pragma once

#include "store/database.hpp"
#include "store/entities.hpp"
#include "store/query.hpp"

#include <map>
#include <optional>
#include <string_view>
#include <vector>

namespace gw::store {

std::vector<Channel> load_channels(Database& db);
std::vector<Ability> load_abilities(Database& db);
std::optional<Channel> find_channel(Database& db, int64_t id);
Rows<Channel> list_channels(Database& db, const Where& where, const std::string& order, const Page& page);
// Rewrites every channel's abilities from its row (New API's FixAbility); {rewritten, failed}.
std::pair<int64_t, int64_t> fix_abilities(Database& db);
// How many channels `where` selects, by type.
std::map<int64_t, int64_t> count_channels_by_type(Database& db, const Where& where);
// Inserts the channels and their abilities in one transaction; returns the new ids.
std::vector<int64_t> insert_channels(Database& db, const std::vector<Channel>& channels);
int64_t insert_channel(Database& db, const Channel& c);
// Writes the named columns (never used_quota or balance) and the channel's abilities.
void update_channel(Database& db, const Channel& c, const std::vector<std::string_view>& columns);
// Deletes channels (and their abilities) matching `where`; returns how many.
int64_t delete_channels(Database& db, const Where& where);
// Stores a channel test's result (response_time in ms, test_time in unix seconds).
void record_channel_test(Database& db, int64_t id, int64_t response_ms, int64_t now);
// The ability rows a channel implies: every group in `group` x every model in `models`.
std::vector<Ability> abilities_of(const Channel& c);

}  // namespace gw::store
