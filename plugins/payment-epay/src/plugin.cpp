// EPay (易支付): an order becomes a signed form posted to {PayAddress}/submit.php; the gateway's
// notify (GET query or POST form) is verified with the same MD5 signature and answered
// "success" or "fail". Settings: PayAddress, EpayId, EpayKey (New API's option names).
#include "epay_sign.hpp"

#include <gw/cpp/plugin.hpp>

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace {

using nlohmann::json;

std::string setting(const json& cfg, const char* key) {
    auto it = cfg.find(key);
    if (it == cfg.end()) return {};
    return it->is_string() ? it->get<std::string>() : it->dump();
}

class EpayPayment : public gw::Payment {
public:
    explicit EpayPayment(std::string_view config_json) {
        json cfg = json::parse(config_json, nullptr, false);
        if (!cfg.is_object()) throw std::runtime_error("settings must be a JSON object");
        address_ = setting(cfg, "PayAddress");
        while (!address_.empty() && address_.back() == '/') address_.pop_back();
        pid_ = setting(cfg, "EpayId");
        key_ = setting(cfg, "EpayKey");
        if (address_.empty() || pid_.empty() || key_.empty())
            throw std::runtime_error("PayAddress, EpayId and EpayKey are required");
    }

    gw_status create_order(const gw::RequestInfo&, const gw::PayOrder& o, const gw::PayAction& out) override {
        if (o.amount_minor <= 0) {
            out.error().set(400, "invalid_request", "invalid_amount", "amount must be positive", 0);
            return GW_ERR_BAD_ARGUMENT;
        }
        epay::Params p{{"pid", pid_},
                       {"type", std::string(o.method)},
                       {"out_trade_no", std::string(o.trade_no)},
                       {"notify_url", std::string(o.notify_url)},
                       {"return_url", std::string(o.return_url)},
                       {"name", std::string(o.subject)},
                       {"money", epay::format_money(o.amount_minor)},
                       {"device", "pc"}};
        p["sign"] = epay::sign(p, key_);
        p["sign_type"] = "MD5";
        out.form_post(address_ + "/submit.php");
        for (const auto& [k, v] : p) out.field(k, v);
        return GW_OK;
    }

    gw_status verify_notify(const gw::HttpView& req, const gw::NotifyOut& out) override {
        epay::Params p = epay::parse_form(req.method == "POST" && !req.body.empty() ? req.body : req.query);
        if (p.empty() || !epay::verify(p, key_) || p["pid"] != pid_) {
            out.reply(200, "text/plain", "fail");
            out.error().set(400, "invalid_request", "invalid_signature", "EPay notify signature mismatch", 0);
            return GW_ERR_AUTH;
        }
        gw::NotifyResult r;
        r.trade_no = p["out_trade_no"];
        r.provider_txn_id = p["trade_no"];
        r.pay_method = p["type"];
        r.currency = "CNY";
        r.state = p["trade_status"] == "TRADE_SUCCESS" ? GW_PAY_PAID : GW_PAY_IGNORED;
        auto paid = epay::parse_money(p["money"]);
        if (r.state == GW_PAY_PAID && !paid) {
            out.reply(200, "text/plain", "fail");
            out.error().set(400, "invalid_request", "invalid_money", "EPay notify has no valid money", 0);
            return GW_ERR_BAD_ARGUMENT;
        }
        r.paid_amount_minor = paid.value_or(0);
        out.result(r);
        out.reply(200, "text/plain", "success");
        return GW_OK;
    }

private:
    std::string address_, pid_, key_;
};

const char* kSchema = R"json({"type":"object","required":["PayAddress","EpayId","EpayKey"],"properties":{
  "PayAddress":{"type":"string","title":"EPay gateway address"},
  "EpayId":{"type":"string","title":"Merchant id (pid)"},
  "EpayKey":{"type":"string","title":"Merchant key","format":"password"}}})json";

gw::PluginDefinition define() {
    gw::PluginDefinition def;
    def.payment<EpayPayment>({.id = "epay",
                              .name = "EPay",
                              .vendor = "new-api",
                              .version = "1.0.0",
                              .methods = {"alipay", "wxpay", "qqpay"},
                              .currencies = {"CNY"},
                              .webhook_paths = {"/api/user/epay/notify"},
                              .config_schema_json = kSchema});
    return def;
}

}  // namespace

GW_PLUGIN("org.newapi.payment.epay", "1.0.0", define)
