#include "api/topup_settle.hpp"

#include "api/auth.hpp"
#include "api/common.hpp"
#include "api/input.hpp"
#include "api/reply.hpp"
#include "app/option_defaults.hpp"
#include "common/log.hpp"
#include "payment/payment_gateway.hpp"
#include "payment/topup_rules.hpp"
#include "store/cache.hpp"
#include "store/topup_repo.hpp"
#include "store/user_repo.hpp"

#include <cstdio>
#include <ctime>

namespace gw::api {
namespace {

using H = const http::HttpRequest&;
using R = const http::Responder&;

double quota_per_unit(const AppContext& ctx) {
    double q = Options(ctx.cache).number("QuotaPerUnit");
    return q > 0 ? q : 500000;
}

std::string username_of(AppContext& ctx, const std::string& trade_no) {
    auto order = store::find_topup(ctx.db, trade_no);
    auto user = order ? store::find_user(ctx.db, order->user_id) : std::nullopt;
    return user ? user->username : "";
}

store::LogOf top_up_log(AppContext& ctx, const std::string& username, const std::string& ip, const char* what) {
    return [&ctx, username, ip, what](const store::TopUp& t, int64_t quota) {
        char money[64];
        std::snprintf(money, sizeof money, "%f", t.money);
        store::Log l;
        l.user_id = t.user_id;
        l.username = username;
        l.created_at = static_cast<int64_t>(std::time(nullptr));
        l.type = 1;
        l.quota = quota;
        l.ip = ip;
        l.content = std::string(what) + "，充值金额: " + format_quota(ctx, quota) + "，支付金额：" + money;
        return l;
    };
}

void credited(AppContext& ctx, const store::Credit& c) {
    quota_changed(ctx, c.order.user_id, 0, c.quota);
    ctx.cache.refresh_user(c.order.user_id);
    log::info("top-up " + c.order.trade_no + " credited " + std::to_string(c.quota) + " to user " +
              std::to_string(c.order.user_id));
}

// A verified "paid": credited once; a paid amount other than the order's is refused. A plugin
// that cannot compare amounts (a gateway charging its own price list) reports a negative one.
bool settle_paid(AppContext& ctx, const payment::Notified& n, const std::string& provider, const std::string& ip) {
    double qpu = quota_per_unit(ctx);
    auto payout = [&n, qpu](const store::TopUp& t) -> std::optional<int64_t> {
        if (n.paid_minor >= 0 && n.paid_minor != payment::to_cents(t.money)) {
            log::warn("top-up " + t.trade_no + " refused: paid " + std::to_string(n.paid_minor) + " minor units, " +
                      "the order is for " + std::to_string(payment::to_cents(t.money)));
            return std::nullopt;
        }
        return payment::payout_quota(t, qpu);
    };
    store::Credit c =
        store::credit_topup(ctx.db, n.trade_no, provider, n.pay_method, static_cast<int64_t>(std::time(nullptr)),
                            payout, top_up_log(ctx, username_of(ctx, n.trade_no), ip, "使用在线充值成功"), ctx.log_db);
    if (c.result == store::CreditResult::credited) credited(ctx, c);
    return c.result == store::CreditResult::credited || c.result == store::CreditResult::already_done;
}

// Notifies come unauthenticated: anything larger than a gateway ever sends is refused at its head,
// before the body is read, and again after (a chunked body names no length).
constexpr size_t kMaxNotifyBytes = 64 * 1024;

std::optional<http::EarlyAnswer> oversized_notify(const http::HttpRequest& head) {
    std::string_view len = head.header("content-length");
    size_t n = 0;
    for (char c : len) n = n > kMaxNotifyBytes ? n : n * 10 + static_cast<size_t>(c - '0');  // the framer checked digits
    if (n > kMaxNotifyBytes) return http::EarlyAnswer{413, "fail"};
    return std::nullopt;
}

void notify(AppContext& ctx, payment::PaymentGateway& gw, const std::string& provider, H req, R res) {
    if (req.body.size() > kMaxNotifyBytes || req.raw_query.size() > kMaxNotifyBytes)
        return res.send(413, "fail", "text/plain; charset=utf-8");
    payment::Notified n = gw.verify(provider, req);
    auto fail = [&] { res.send(400, "fail", "text/plain; charset=utf-8"); };
    if (!n.verified) {
        log::warn(provider + " notify refused from " + req.remote_ip + ": " + n.error);
        return n.reply_status ? res.send(400, n.reply_body, n.reply_type) : fail();
    }
    bool ok = true;
    if (n.state == GW_PAY_PAID) ok = settle_paid(ctx, n, provider, req.remote_ip);
    if (n.state == GW_PAY_FAILED) store::close_topup(ctx.db, n.trade_no, provider, "failed");
    if (n.state == GW_PAY_EXPIRED) store::close_topup(ctx.db, n.trade_no, provider, "expired");
    if (!ok) return fail();
    if (!n.reply_status) return res.send(200, "success", "text/plain; charset=utf-8");
    res.send(n.reply_status, n.reply_body, n.reply_type.empty() ? "text/plain; charset=utf-8" : n.reply_type);
}

void complete(AppContext& ctx, H req, R res) {
    std::string trade_no = Input(req).str("trade_no", 255).value_or("");
    if (trade_no.empty()) return reply_error(res, "参数错误");
    double qpu = quota_per_unit(ctx);
    store::Credit c = store::credit_topup(
        ctx.db, trade_no, "", "", static_cast<int64_t>(std::time(nullptr)),
        [qpu](const store::TopUp& t) { return payment::payout_quota(t, qpu); },
        top_up_log(ctx, username_of(ctx, trade_no), req.remote_ip, "管理员补单成功"), ctx.log_db);
    switch (c.result) {
        case store::CreditResult::credited:
            credited(ctx, c);
            return reply_ok(res);
        case store::CreditResult::already_done:
            return reply_ok(res);
        case store::CreditResult::not_found:
            return reply_error(res, "充值订单不存在");
        default:
            return reply_error(res, "订单状态不是待支付，无法补单");
    }
}

}  // namespace

void register_topup_settlement(http::Router& router, AppContext& ctx, payment::PaymentGateway& gateway) {
    for (const auto& [id, path] : gateway.webhooks())
        for (const char* method : {"GET", "POST"})
            router.add(
                method, path, [&ctx, &gateway, id](http::HttpRequest& q, R r) { notify(ctx, gateway, id, q, r); },
                http::Exec::worker, &oversized_notify);
    router.post("/api/user/topup/complete",
                with_user(ctx, kRoleAdmin, [](AppContext& c, const store::User&, H q, R r) { complete(c, q, r); }));
}

}  // namespace gw::api
