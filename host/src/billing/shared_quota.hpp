// Balances every gateway node sees (kept in Redis by cluster::RedisQuota). Holds and charges are
// applied to shared counters as well as to this node's ledger, so two nodes cannot both spend the
// last quota of one token. A counter that does not exist yet starts from the balance the first
// node to need it sees; the database stays the record of what was charged.
#pragma once

#include <cstdint>
#include <optional>

namespace gw::billing {

class SharedQuota {
public:
    enum class Verdict { ok, user_insufficient, token_insufficient, unavailable };
    virtual ~SharedQuota() = default;

    // Holds `amount` on the user's counter and, when token_base is set (a limited token), on the
    // token's; the bases are this node's view, used only to create a missing counter.
    virtual Verdict hold(int64_t user_id, int64_t user_base, int64_t token_id, std::optional<int64_t> token_base,
                         int64_t amount) = 0;
    // Adds `delta` to the counters that exist (a release, a settlement, a credit); an id of 0 is
    // skipped. Best effort: an unreachable Redis only loses the adjustment until the counter
    // expires and is rebuilt.
    virtual void adjust(int64_t user_id, int64_t token_id, int64_t delta) = 0;
    // The same, queued: for the relay's settlements and releases, which run on I/O threads and must
    // not wait for Redis. Applied within milliseconds, merged per counter.
    virtual void adjust_later(int64_t user_id, int64_t token_id, int64_t delta) = 0;
    // Drops a token's counter (its limit was switched on or off).
    virtual void forget_token(int64_t token_id) = 0;
};

}  // namespace gw::billing
