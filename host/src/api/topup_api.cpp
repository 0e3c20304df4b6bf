#include "api/topup_api.hpp"

#include "api/auth.hpp"
#include "api/common.hpp"
#include "api/input.hpp"
#include "api/reply.hpp"
#include "api/topup_common.hpp"
#include "api/topup_settle.hpp"
#include "api/topup_stripe.hpp"
#include "api/views.hpp"
#include "app/option_defaults.hpp"
#include "auth/random.hpp"
#include "common/json_bounded.hpp"
#include "common/log.hpp"
#include "payment/payment_gateway.hpp"
#include "payment/topup_rules.hpp"
#include "store/cache.hpp"
#include "store/topup_repo.hpp"
#include "store/user_repo.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <ctime>

namespace gw::api {
namespace {

using nlohmann::json;
using H = const http::HttpRequest&;
using R = const http::Responder&;

constexpr int64_t kUserWindow = 30 * 24 * 3600;  // users see their last 30 days of orders

json parsed(const std::string& text, json fallback) {
    json j = parse_json(text);
    return j.is_discarded() ? fallback : j;
}

bool epay_method_listed(const Options& o, const std::string& type) {
    for (const auto& m : parsed(o.str("PayMethods"), json::array()))
        if (m.is_object() && m.value("type", "") == type) return true;
    return false;
}

void topup_info(AppContext& ctx, payment::PaymentGateway& gw, R res) {
    Options o(ctx.cache);
    bool epay = gw.usable("epay");
    bool stripe = gw.usable("stripe");
    json methods = epay ? parsed(o.str("PayMethods"), json::array()) : json::array();
    if (stripe)
        methods.push_back({{"name", "Stripe"},
                           {"type", "stripe"},
                           {"color", "#635BFF"},
                           {"min_topup", std::to_string(static_cast<int64_t>(o.number("StripeMinTopUp")))}});
    reply_data(res, {{"enable_online_topup", epay},
                     {"enable_stripe_topup", stripe},
                     {"enable_creem_topup", false},
                     {"enable_redemption", true},
                     {"pay_methods", methods},
                     {"min_topup", static_cast<int64_t>(o.number("MinTopUp"))},
                     {"stripe_min_topup", static_cast<int64_t>(o.number("StripeMinTopUp"))},
                     {"amount_options", parsed(o.str("payment_setting.amount_options"), json::array())},
                     {"discount", parsed(o.str("payment_setting.amount_discount"), json::object())},
                     {"topup_link", o.str("TopUpLink")}});
}

void epay_amount(AppContext& ctx, const store::User& me, H req, R res) {
    auto rules = payment::TopupRules::read(Options(ctx.cache), "epay");
    auto amount = checked_amount(req, res, rules.min_amount(), rules.max_amount());
    if (!amount) return;
    double money = rules.epay_money(*amount, me.group);
    if (money < 0.01) return pay_error(res, "充值金额过低");
    pay_ok(res, money_text(money), json::object());
}

std::string new_trade_no(int64_t user_id) {
    return "USR" + std::to_string(user_id) + "NO" + auth::random_alnum(6) + std::to_string(now_s());
}

void epay_pay(AppContext& ctx, payment::PaymentGateway& gw, const store::User& me, H req, R res) {
    Options o(ctx.cache);
    auto rules = payment::TopupRules::read(o, "epay");
    auto amount = checked_amount(req, res, rules.min_amount(), rules.max_amount());
    if (!amount) return;
    double money = rules.epay_money(*amount, me.group);
    if (money < 0.01) return pay_error(res, "充值金额过低");
    std::string method = Input(req).str("payment_method", 50).value_or("");
    if (!epay_method_listed(o, method)) return pay_error(res, "支付方式不存在");
    if (!gw.usable("epay")) return pay_error(res, "当前管理员未配置支付信息");
    store::TopUp order =
        pending_order(me.id, rules.dollars(*amount), static_cast<double>(payment::to_cents(money)) / 100,
                      new_trade_no(me.id), method, "epay");
    store::insert_topup(ctx.db, order);  // before the gateway hears of it: a notify always finds it
    std::string base = callback_base(o);
    payment::OrderSpec spec{order.trade_no,
                            "CNY",
                            method,
                            "TUC" + std::to_string(*amount),
                            base + "/api/user/epay/notify",
                            o.str("ServerAddress") + "/console/log",
                            req.remote_ip,
                            me.email,
                            payment::to_cents(money),
                            *amount,
                            o.str("ServerAddress") + "/console/topup"};
    payment::PayAction action = gw.create("epay", spec);
    if (!action.ok) {
        store::close_topup(ctx.db, order.trade_no, "epay", "failed");
        log::warn("epay order " + order.trade_no + " not created: " + action.error);
        return pay_error(res, "拉起支付失败", 200);
    }
    json fields = json::object();
    for (const auto& [k, v] : action.fields) fields[k] = v;
    pay_ok(res, fields, {{"url", action.url}});
}

void list_topups(AppContext& ctx, int64_t user_id, H req, R res) {
    store::Page page = page_of(req);
    auto rows =
        store::list_topups(ctx.db, user_id, user_id ? now_s() - kUserWindow : 0, query_str(req, "keyword"), page);
    json items = rows_json(rows.items, [](const store::TopUp& t) {
        return json{{"id", t.id},
                    {"user_id", t.user_id},
                    {"amount", t.amount},
                    {"money", t.money},
                    {"trade_no", t.trade_no},
                    {"payment_method", t.payment_method},
                    {"payment_provider", t.payment_provider},
                    {"create_time", t.create_time},
                    {"complete_time", t.complete_time},
                    {"status", t.status}};
    });
    reply_data(res, page_json(items, rows.total, page));
}

}  // namespace

void register_topup_api(http::Router& router, AppContext& ctx, payment::PaymentGateway& gateway) {
    payment::PaymentGateway* gw = &gateway;
    router.get("/api/user/topup/info",
               with_user(ctx, kRoleCommon, [gw](AppContext& c, const store::User&, H, R r) { topup_info(c, *gw, r); }));
    router.post("/api/user/amount", with_user(ctx, kRoleCommon, &epay_amount));
    router.post("/api/user/pay", with_user(ctx, kRoleCommon, [gw](AppContext& c, const store::User& me, H q, R r) {
                    epay_pay(c, *gw, me, q, r);
                }));
    router.get("/api/user/topup/self", with_user(ctx, kRoleCommon, [](AppContext& c, const store::User& me, H q, R r) {
                   list_topups(c, me.id, q, r);
               }));
    router.get("/api/user/topup", with_user(ctx, kRoleAdmin, [](AppContext& c, const store::User&, H q, R r) {
                   list_topups(c, 0, q, r);
               }));
    register_stripe_topup(router, ctx, gateway);
    register_topup_settlement(router, ctx, gateway);
}

}  // namespace gw::api
