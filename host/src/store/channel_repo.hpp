// Channels and their abilities (group x model rows New API selects from).
#pragma once

#include "store/database.hpp"
#include "store/entities.hpp"

#include <vector>

namespace gw::store {

std::vector<Channel> load_channels(Database& db);
std::vector<Ability> load_abilities(Database& db);
// Inserts the channel and its abilities in one transaction; returns the new id.
int64_t insert_channel(Database& db, const Channel& c);
// The ability rows a channel implies: every group in `group` x every model in `models`.
std::vector<Ability> abilities_of(const Channel& c);

}  // namespace gw::store
