// Stripe Checkout: an order becomes a Checkout Session (POST {StripeApiBase}/v1/checkout/sessions,
// form-encoded, made by the host for the plugin) whose URL the payer is sent to; webhooks are
// verified with the Stripe-Signature scheme and mapped to paid, pending, failed or expired.
// Settings: StripeApiSecret, StripeWebhookSecret, StripePriceId, StripePromotionCodesEnabled
// (New API's option names), StripeApiBase (default https://api.stripe.com).
#include "stripe_signature.hpp"

#include <gw/cpp/json_depth.hpp>
#include <gw/cpp/plugin.hpp>

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace {

using nlohmann::json;

std::string setting(const json& cfg, const char* key) {
    auto it = cfg.find(key);
    return it != cfg.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string str(const json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

class StripePayment : public gw::Payment {
public:
    explicit StripePayment(std::string_view config_json) {
        json cfg = json::parse(config_json, nullptr, false);
        if (!cfg.is_object()) throw std::runtime_error("settings must be a JSON object");
        secret_ = setting(cfg, "StripeApiSecret");
        webhook_secret_ = setting(cfg, "StripeWebhookSecret");
        price_ = setting(cfg, "StripePriceId");
        promotions_ = setting(cfg, "StripePromotionCodesEnabled") == "true";
        base_ = setting(cfg, "StripeApiBase");
        if (base_.empty()) base_ = "https://api.stripe.com";
        while (base_.back() == '/') base_.pop_back();
        if (!(secret_.starts_with("sk_") || secret_.starts_with("rk_")) || webhook_secret_.empty() || price_.empty())
            throw std::runtime_error("StripeApiSecret (sk_/rk_), StripeWebhookSecret and StripePriceId are required");
    }

    gw_status create_order(const gw::RequestInfo& info, const gw::PayOrder& o, const gw::PayAction& out) override {
        if (o.quantity <= 0) {
            out.error().set(400, "invalid_request", "invalid_amount", "quantity must be positive", 0);
            return GW_ERR_BAD_ARGUMENT;
        }
        auto answer = fetch(
            info, {"POST",
                   base_ + "/v1/checkout/sessions",
                   session_form(o),
                   {{"Authorization", "Bearer " + secret_}, {"Content-Type", "application/x-www-form-urlencoded"}},
                   30000});
        if (!answer) return GW_PENDING;
        json s = gw::parse_json_bounded<json>(answer->body);
        if (answer->status != 200 || !s.is_object() || str(s, "url").empty()) {
            std::string why = s.is_object() && s.contains("error") && s["error"].is_object()
                                  ? str(s["error"], "message")
                                  : (answer->error.empty() ? "HTTP " + std::to_string(answer->status) : answer->error);
            out.error().set(502, "upstream_error", "stripe_checkout_failed", "Stripe: " + why, 0);
            return GW_ERR_UPSTREAM;
        }
        out.redirect(str(s, "url")).provider_ref(str(s, "id"));
        return GW_OK;
    }

    gw_status verify_notify(const gw::HttpView& req, const gw::NotifyOut& out) override {
        auto verdict = stripe::verify_signature(req.header("Stripe-Signature"), req.body, webhook_secret_,
                                                gw::Host::now_ms() / 1000);
        json event = verdict == stripe::Verdict::ok ? gw::parse_json_bounded<json>(req.body) : json();
        if (!event.is_object() || !event.contains("data") || !event["data"].is_object() ||
            !event["data"].contains("object") || !event["data"]["object"].is_object()) {
            out.reply(400, "application/json", R"({"error":"invalid signature or payload"})");
            out.error().set(400, "invalid_request", "invalid_signature", "Stripe webhook refused", 0);
            return GW_ERR_AUTH;
        }
        const json& session = event["data"]["object"];
        gw::NotifyResult r;
        r.state = state_of(str(event, "type"), session);
        r.trade_no = str(session, "client_reference_id");
        r.provider_txn_id = str(session, "id");
        r.currency = str(session, "currency");
        r.pay_method = "stripe";
        r.paid_amount_minor = -1;  // Stripe charges the price list's amount, not the order's money
        out.result(r);
        out.reply(200, "application/json", R"({"received":true})");
        return GW_OK;
    }

private:
    static gw_pay_state state_of(const std::string& type, const json& session) {
        if (type == "checkout.session.completed")
            return str(session, "status") == "complete" && str(session, "payment_status") == "paid" ? GW_PAY_PAID
                                                                                                    : GW_PAY_PENDING;
        if (type == "checkout.session.async_payment_succeeded") return GW_PAY_PAID;
        if (type == "checkout.session.async_payment_failed") return GW_PAY_FAILED;
        if (type == "checkout.session.expired") return GW_PAY_EXPIRED;
        return GW_PAY_IGNORED;
    }

    std::string session_form(const gw::PayOrder& o) const {
        std::vector<std::pair<std::string, std::string>> f = {
            {"mode", "payment"},
            {"line_items[0][price]", price_},
            {"line_items[0][quantity]", std::to_string(o.quantity)},
            {"client_reference_id", std::string(o.trade_no)},
            {"success_url", std::string(o.return_url)},
            {"cancel_url", std::string(o.cancel_url.empty() ? o.return_url : o.cancel_url)},
            {"allow_promotion_codes", promotions_ ? "true" : "false"},
            {"customer_creation", "always"},
            {"metadata[trade_no]", std::string(o.trade_no)}};
        if (o.user_ref.find('@') != std::string_view::npos) f.push_back({"customer_email", std::string(o.user_ref)});
        std::string body;
        for (const auto& [k, v] : f)
            body += (body.empty() ? "" : "&") + stripe::form_encode(k) + "=" + stripe::form_encode(v);
        return body;
    }

    std::string secret_, webhook_secret_, price_, base_;
    bool promotions_ = false;
};

const char* kSchema = R"json({"type":"object","required":["StripeApiSecret","StripeWebhookSecret","StripePriceId"],
  "properties":{
  "StripeApiSecret":{"type":"string","title":"Secret key (sk_ or rk_)","format":"password"},
  "StripeWebhookSecret":{"type":"string","title":"Webhook signing secret (whsec_)","format":"password"},
  "StripePriceId":{"type":"string","title":"Price id of one unit (price_)"},
  "StripePromotionCodesEnabled":{"type":"string","enum":["true","false"]},
  "StripeApiBase":{"type":"string","title":"API base URL","default":"https://api.stripe.com"}}})json";

gw::PluginDefinition define() {
    gw::PluginDefinition def;
    def.payment<StripePayment>({.id = "stripe",
                                .name = "Stripe",
                                .vendor = "new-api",
                                .version = "1.0.0",
                                .methods = {"stripe"},
                                .currencies = {"USD"},
                                .webhook_paths = {"/api/stripe/webhook"},
                                .config_schema_json = kSchema});
    return def;
}

}  // namespace

GW_PLUGIN("org.newapi.payment.stripe", "1.0.0", define)
