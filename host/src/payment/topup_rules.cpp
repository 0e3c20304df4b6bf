#include "payment/topup_rules.hpp"

#include "app/option_defaults.hpp"
#include "billing/checked.hpp"
#include "common/json_bounded.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

namespace gw::payment {
namespace {

using nlohmann::json;

json parsed(const std::string& text) {
    json j = parse_json(text);
    return j.is_discarded() ? json() : j;
}

}  // namespace

TopupRules TopupRules::read(const Options& o, const std::string& provider) {
    TopupRules r;
    r.price = o.number("Price");
    r.unit_price = o.number("StripeUnitPrice");
    r.quota_per_unit = o.number("QuotaPerUnit") > 0 ? o.number("QuotaPerUnit") : 500000;
    r.min_topup = static_cast<int64_t>(o.number(provider == "stripe" ? "StripeMinTopUp" : "MinTopUp"));
    r.tokens = o.str("general_setting.quota_display_type") == "TOKENS";
    json d = parsed(o.str("payment_setting.amount_discount"));
    if (d.is_object())
        for (const auto& [k, v] : d.items())
            if (v.is_number() && v.get<double>() > 0) r.discount[std::atoll(k.c_str())] = v.get<double>();
    json g = parsed(o.str("TopupGroupRatio"));
    if (g.is_object())
        for (const auto& [k, v] : g.items())
            if (v.is_number()) r.group_ratio[k] = v.get<double>();
    return r;
}

int64_t TopupRules::dollars(int64_t amount) const {
    return tokens ? static_cast<int64_t>(static_cast<double>(amount) / quota_per_unit) : amount;
}

double TopupRules::group_factor(const std::string& group) const {
    auto it = group_ratio.find(group);
    return it == group_ratio.end() || it->second == 0 ? 1.0 : it->second;
}

double TopupRules::epay_money(int64_t amount, const std::string& group) const {
    return priced(amount, price, group);
}

double TopupRules::stripe_preview(int64_t amount, const std::string& group) const {
    return priced(amount, unit_price, group);
}

double TopupRules::priced(int64_t amount, double per_unit, const std::string& group) const {
    double units = tokens ? static_cast<double>(amount) / quota_per_unit : static_cast<double>(amount);
    auto it = discount.find(amount);
    double off = it == discount.end() ? 1.0 : it->second;
    return units * per_unit * group_factor(group) * off;
}

double TopupRules::stripe_money(int64_t amount, const std::string& group) const {
    return static_cast<double>(dollars(amount)) * group_factor(group);
}

int64_t TopupRules::min_amount() const {
    return tokens ? static_cast<int64_t>(static_cast<double>(min_topup) * quota_per_unit) : min_topup;
}

int64_t TopupRules::max_amount() const {
    double most_dollars = std::floor(static_cast<double>(billing::kMaxQuota) / quota_per_unit);
    return tokens ? static_cast<int64_t>(most_dollars * quota_per_unit) : static_cast<int64_t>(most_dollars);
}

std::optional<int64_t> payout_quota(const store::TopUp& order, double quota_per_unit) {
    long double units = order.payment_provider == "stripe" ? static_cast<long double>(order.money)
                                                           : static_cast<long double>(order.amount);
    return billing::quota_of(std::round(units * static_cast<long double>(quota_per_unit)));  // 9.9999… is 10
}

int64_t to_cents(double money) {
    return std::llround(money * 100);
}

}  // namespace gw::payment
