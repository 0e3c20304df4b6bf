// What the top-up routes share: New API's payment answers ({"message": "success"|"error",
// "data": ...}, a refused amount as a 400), the amount checks, and the pending order row.
#pragma once

#include "http/request.hpp"
#include "http/responder.hpp"
#include "payment/topup_rules.hpp"
#include "store/entities.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace gw {
class Options;
}

namespace gw::api {

int64_t now_s();
void pay_error(const http::Responder& res, const std::string& why, int status = 400);
void pay_ok(const http::Responder& res, const nlohmann::json& data, const nlohmann::json& extra);
// CustomCallbackAddress, else ServerAddress, without a trailing slash.
std::string callback_base(const Options& o);
// The amount a client asks for: a whole number within [min, max], or a 400 naming the rule.
std::optional<int64_t> checked_amount(const http::HttpRequest& req, const http::Responder& res, int64_t min,
                                      int64_t max);
std::string money_text(double money);
store::TopUp pending_order(int64_t user_id, int64_t amount, double money, std::string trade_no, std::string method,
                           std::string provider);

}  // namespace gw::api
