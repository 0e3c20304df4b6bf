// New API's `top_ups` order book. An order is credited in one transaction that moves it from
// pending to success (a status guard, so a second writer changes nothing), adds the quota by
// delta and writes the top-up log: however many notifies arrive, on whichever node, an order
// pays out once.
#pragma once

#include "store/database.hpp"
#include "store/entities.hpp"
#include "store/query.hpp"

#include <functional>
#include <optional>
#include <string>

namespace gw::store {

int64_t insert_topup(Database& db, TopUp& row);
std::optional<TopUp> find_topup(Database& db, const std::string& trade_no);

enum class CreditResult { credited, already_done, not_found, wrong_provider, not_pending, refused };

struct Credit {
    CreditResult result = CreditResult::not_found;
    TopUp order;        // as read (status before the credit)
    int64_t quota = 0;  // added when credited
};

// What an order pays out, or nullopt to refuse it (a paid amount that does not match).
using PayoutOf = std::function<std::optional<int64_t>(const TopUp&)>;
using LogOf = std::function<Log(const TopUp&, int64_t quota)>;

// provider "": any (an administrator's manual completion). pay_method "": keep the order's.
Credit credit_topup(Database& db, const std::string& trade_no, const std::string& provider,
                    const std::string& pay_method, int64_t now, const PayoutOf& payout, const LogOf& make_log,
                    Database* log_db = nullptr);

// pending -> failed or expired; false when the order is not pending (or not this provider's).
bool close_topup(Database& db, const std::string& trade_no, const std::string& provider, const std::string& status);

// user_id 0: everyone's. keyword: part of a trade number.
Rows<TopUp> list_topups(Database& db, int64_t user_id, int64_t since, const std::string& keyword, const Page& page);

}  // namespace gw::store
