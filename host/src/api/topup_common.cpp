#include "api/topup_common.hpp"

#include "api/input.hpp"
#include "app/option_defaults.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace gw::api {

using nlohmann::json;

int64_t now_s() {
    return static_cast<int64_t>(std::time(nullptr));
}

void pay_error(const http::Responder& res, const std::string& why, int status) {
    res.send(status, json{{"success", false}, {"message", "error"}, {"data", why}}.dump());
}

void pay_ok(const http::Responder& res, const json& data, const json& extra) {
    json body = {{"success", true}, {"message", "success"}, {"data", data}};
    if (extra.is_object()) body.update(extra);
    res.send(200, body.dump());
}

std::string callback_base(const Options& o) {
    std::string base = o.str("CustomCallbackAddress");
    if (base.empty()) base = o.str("ServerAddress");
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base;
}

std::optional<int64_t> checked_amount(const http::HttpRequest& req, const http::Responder& res, int64_t min,
                                      int64_t max) {
    std::optional<int64_t> amount;
    try {
        amount = Input(req).integer("amount");
    } catch (const http::ClientError&) {
        amount.reset();  // 1.5, "10", 1e30: not a whole number
    }
    if (!amount) return pay_error(res, "参数错误"), std::nullopt;
    if (*amount < min || *amount <= 0)
        return pay_error(res, "充值数量不能小于 " + std::to_string(std::max<int64_t>(min, 1))), std::nullopt;
    if (*amount > max) return pay_error(res, "单笔充值数量不能大于 " + std::to_string(max)), std::nullopt;
    return amount;
}

std::string money_text(double money) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", money);
    return buf;
}

store::TopUp pending_order(int64_t user_id, int64_t amount, double money, std::string trade_no, std::string method,
                           std::string provider) {
    store::TopUp t;
    t.user_id = user_id;
    t.amount = amount;
    t.money = money;
    t.trade_no = std::move(trade_no);
    t.payment_method = std::move(method);
    t.payment_provider = std::move(provider);
    t.create_time = now_s();
    t.status = "pending";
    return t;
}

}  // namespace gw::api
