#include "api/topup_stripe.hpp"

#include "api/auth.hpp"
#include "api/input.hpp"
#include "api/topup_common.hpp"
#include "app/config.hpp"
#include "app/option_defaults.hpp"
#include "auth/random.hpp"
#include "common/log.hpp"
#include "common/strings.hpp"
#include "payment/payment_gateway.hpp"
#include "store/cache.hpp"
#include "store/topup_repo.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace gw::api {
namespace {

using nlohmann::json;
using H = const http::HttpRequest&;
using R = const http::Responder&;

constexpr int64_t kMaxStripeAmount = 10000;  // New API's cap on one Checkout

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

void stripe_amount(AppContext& ctx, const store::User& me, H req, R res) {
    auto rules = payment::TopupRules::read(Options(ctx.cache), "stripe");
    auto amount = checked_amount(req, res, rules.min_amount(), rules.max_amount());
    if (!amount) return;
    double money = rules.stripe_preview(*amount, me.group);
    if (money <= 0.01) return pay_error(res, "充值金额过低");
    pay_ok(res, money_text(money), json::object());
}

// A client's own success_url / cancel_url, when trusted; else the default.
std::optional<std::string> return_url(AppContext& ctx, H req, R res, const char* key, const std::string& fallback) {
    std::string url = Input(req).str(key, 2048).value_or("");
    if (url.empty()) return fallback;
    if (trusted_redirect(url, ctx.config.trusted_redirect_domains)) return url;
    pay_error(res, std::string(key) + " 不在受信任的域名列表中");
    return std::nullopt;
}

void stripe_pay(AppContext& ctx, payment::PaymentGateway& gw, const store::User& me, H req, R res) {
    Options o(ctx.cache);
    if (Input(req).str("payment_method", 50).value_or("") != "stripe") return pay_error(res, "不支持的支付渠道");
    auto rules = payment::TopupRules::read(o, "stripe");
    auto amount = checked_amount(req, res, rules.min_amount(), std::min(kMaxStripeAmount, rules.max_amount()));
    if (!amount) return;
    std::string server = o.str("ServerAddress");
    auto success = return_url(ctx, req, res, "success_url", server + "/console/log");
    if (!success) return;
    auto cancel = return_url(ctx, req, res, "cancel_url", server + "/console/topup");
    if (!cancel) return;
    if (!gw.usable("stripe")) return pay_error(res, "当前管理员未配置支付信息");
    std::string trade_no = "ref_" + auth::random_hex32() + auth::random_hex32().substr(0, 8);
    store::TopUp order =
        pending_order(me.id, *amount, rules.stripe_money(*amount, me.group), trade_no, "stripe", "stripe");
    store::insert_topup(ctx.db, order);  // before Stripe hears of it: a webhook always finds it
    payment::OrderSpec spec{
        trade_no, "USD",         "stripe", "TUC" + std::to_string(*amount), callback_base(o) + "/api/stripe/webhook",
        *success, req.remote_ip, me.email, payment::to_cents(order.money),  *amount,
        *cancel};
    payment::PayAction action = gw.create("stripe", spec);
    if (!action.ok) {
        store::close_topup(ctx.db, trade_no, "stripe", "failed");
        log::warn("stripe order " + trade_no + " not created: " + action.error);
        return pay_error(res, "拉起支付失败", 200);
    }
    pay_ok(res, {{"pay_link", action.url}}, json::object());
}

}  // namespace

bool trusted_redirect(const std::string& url, const std::string& domains) {
    std::string u = lower(url);
    size_t scheme = u.find("://");
    if (scheme == std::string::npos || (u.substr(0, scheme) != "https" && u.substr(0, scheme) != "http")) return false;
    std::string host = u.substr(scheme + 3, u.find_first_of("/?#", scheme + 3) - scheme - 3);
    if (host.find('@') != std::string::npos) return false;  // user@host tricks
    host = host.substr(0, host.find(':'));
    for (std::string d : split_trimmed(lower(domains), ',')) {
        if (d.empty()) continue;
        if (host == d || (host.size() > d.size() && host.ends_with("." + d))) return true;
    }
    return false;
}

void register_stripe_topup(http::Router& router, AppContext& ctx, payment::PaymentGateway& gateway) {
    payment::PaymentGateway* gw = &gateway;
    router.post("/api/user/stripe/amount", with_user(ctx, kRoleCommon, &stripe_amount));
    router.post("/api/user/stripe/pay",
                with_user(ctx, kRoleCommon,
                          [gw](AppContext& c, const store::User& me, H q, R r) { stripe_pay(c, *gw, me, q, r); }));
}

}  // namespace gw::api
