// Channel choice, New API's way: among enabled channels serving the group and model, the
// priority level for this retry (highest first), then weighted random inside it. Channels already
// tried in this request are excluded.
#pragma once

#include "store/cache.hpp"

#include <memory>
#include <random>
#include <set>
#include <string>

namespace gw::relay {

std::shared_ptr<const store::Channel> select_channel(const store::ChannelIndex& index, const std::string& group,
                                                     const std::string& model, const std::set<int64_t>& exclude,
                                                     int retry, std::mt19937_64& rng);

}  // namespace gw::relay
