// Redemption codes. Redeeming is one transaction: the code is checked and marked used, the
// user's quota credited and the top-up logged together, so a code pays out exactly once.
#pragma once

#include "store/database.hpp"
#include "store/entities.hpp"
#include "store/query.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace gw::store {

Rows<Redemption> list_redemptions(Database& db, const Where& where, const Page& page);
std::optional<Redemption> find_redemption(Database& db, int64_t id);
std::vector<int64_t> insert_redemptions(Database& db, const std::vector<Redemption>& rows);
// Writes name, quota, expiry and status unless the code was used meanwhile (false then).
bool update_redemption(Database& db, const Redemption& r);
int64_t delete_redemptions(Database& db, const Where& where);

enum class RedeemResult { ok, not_found, used, disabled, expired };
struct Redeemed {
    RedeemResult result = RedeemResult::not_found;
    int64_t quota = 0;
};
// make_log builds the top-up log for the credited quota; it is written in the same transaction,
// or right after it into `log_db` when logs have a database of their own (LOG_SQL_DSN).
Redeemed redeem(Database& db, const std::string& key, int64_t user_id, int64_t now,
                const std::function<Log(int64_t quota)>& make_log, Database* log_db = nullptr);

}  // namespace gw::store
