// A channel's key field (one key, a newline list, or a JSON array: New API's multi-key forms) and
// the multi-key state kept in its channel_info (mode, and per-key status, reason and time).
#pragma once

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace gw::store {
struct Channel;
}

namespace gw::relay {

// Every key in the field, in order.
std::vector<std::string> all_keys(const std::string& keys);
// The first key in the field, or "" when there is none.
std::string first_key(const std::string& keys);

struct MultiKeyInfo {
    bool multi = false;
    std::string mode = "random";  // or "polling"
    std::map<int, int> status;    // index -> 2 (manually) or 3 (automatically) disabled; absent = enabled
    std::map<int, std::string> reason;
    std::map<int, int64_t> time;
};
MultiKeyInfo multi_key_info(const std::string& channel_info);
// Writes the state back into a channel_info document, keeping its other fields.
std::string with_multi_key_info(const std::string& channel_info, const MultiKeyInfo& info);

struct KeyChoice {
    std::string key;
    int index = -1;  // -1: a single-key channel
};
// The key for one request: the channel's key, or for a multi-key channel one of its enabled keys
// (random, or round-robin for "polling"); an empty key when every key is disabled.
KeyChoice pick_key(const store::Channel& c, std::mt19937_64& rng);

}  // namespace gw::relay
