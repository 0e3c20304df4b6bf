// One settled request as the ledger keeps it, and its journal encoding.
#pragma once

#include "store/entities.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace gw::billing {

struct Charge {
    int64_t user_id = 0, token_id = 0, channel_id = 0;
    std::string token_key;     // the token's snapshot row is found by key
    int64_t held = 0;          // released now (not journaled: holds live in memory only)
    bool shared_hold = false;  // the hold was also taken on the shared counters
    int64_t quota = 0;         // charged now
    bool counts_request = true;
    store::Log log;       // written with the charge; type 0 = none
    bool log_row = true;  // false: the log only feeds quota_data (LogConsumeEnabled off)
    int64_t tokens = 0;   // prompt + completion, for quota_data
};

// What the database must learn of a charge, as bytes (versioned) and back. decode throws
// std::runtime_error on a payload it cannot read.
std::string encode(const Charge& c);
Charge decode(std::string_view payload);

}  // namespace gw::billing
