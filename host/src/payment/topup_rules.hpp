// New API's top-up arithmetic, read from the options: what an amount costs (EPay: amount × Price
// × TopupGroupRatio × preset discount; Stripe: amount × TopupGroupRatio), the least amount, and
// the quota an order pays out. With the TOKENS display type amounts arrive in tokens and are
// turned into dollars first.
#pragma once

#include "store/entities.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace gw {
class Options;
}

namespace gw::payment {

struct TopupRules {
    double price = 7.3;                         // Price: money per dollar of quota (EPay)
    double unit_price = 8.0;                    // StripeUnitPrice: shown as Stripe's price of one unit
    double quota_per_unit = 500000;             // QuotaPerUnit
    int64_t min_topup = 1;                      // MinTopUp (EPay), StripeMinTopUp (Stripe)
    bool tokens = false;                        // general_setting.quota_display_type == TOKENS
    std::map<int64_t, double> discount;         // payment_setting.amount_discount
    std::map<std::string, double> group_ratio;  // TopupGroupRatio

    static TopupRules read(const Options& o, const std::string& provider);

    // The amount in dollars stored on the order (tokens are divided down).
    int64_t dollars(int64_t amount) const;
    double group_factor(const std::string& group) const;
    // What the payer pays for `amount`, before rounding to cents.
    double epay_money(int64_t amount, const std::string& group) const;
    double stripe_money(int64_t amount, const std::string& group) const;
    // What Stripe will charge, as previewed: amount × StripeUnitPrice × group ratio × discount.
    double stripe_preview(int64_t amount, const std::string& group) const;
    // The least amount a client may ask for, in the unit it sends.
    int64_t min_amount() const;
    // The largest amount whose quota stays representable, in the unit the client sends.
    int64_t max_amount() const;

private:
    double priced(int64_t amount, double per_unit, const std::string& group) const;
};

// What an order pays out: Stripe orders money × QuotaPerUnit (money already carries the group
// ratio), the others amount × QuotaPerUnit. nullopt when out of range.
std::optional<int64_t> payout_quota(const store::TopUp& order, double quota_per_unit);

// Money as the order book keeps it and as gateways take it: whole cents.
int64_t to_cents(double money);

}  // namespace gw::payment
