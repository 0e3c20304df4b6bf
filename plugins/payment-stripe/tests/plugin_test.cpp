// The Stripe plugin on the fake host: the Checkout Session request it has the host make, and
// webhook signatures checked against HMACs computed independently (Python hmac) by Stripe's rule.
#include <gw/cpp/payment_testing.hpp>

#include <gtest/gtest.h>

namespace {

using namespace gw::testing;

const std::string kConfig = R"({"StripeApiSecret":"sk_test_123","StripeWebhookSecret":"whsec_test_secret",
  "StripePriceId":"price_unit","StripePromotionCodesEnabled":"true","StripeApiBase":"http://127.0.0.1:9/"})";
const std::string kBody = R"({"type":"checkout.session.completed","data":{"object":{"id":"cs_1",)"
                          R"("client_reference_id":"ref_abc","status":"complete","payment_status":"paid",)"
                          R"("currency":"usd","amount_total":1000}}})";
// HMAC-SHA256("whsec_test_secret", "<t>." + kBody) for t = 1700000000 (the fake host's now) and
// t = 1699999000 (1000 s earlier).
const std::string kSigNow = "8f0779251ae060d9d96949ff8adcdaa233a2eb2f02eb57c5cd271e33b4973e41";
const std::string kSigOld = "3a8a55a296b9ed2972f8862da52ca15f97458e27811d7c4a10da6bd8f23aaa88";

class StripePlugin : public ::testing::Test {
protected:
    void SetUp() override { give_crypto(host); }
    NotifyReport hook(const std::string& sig, const std::string& body = kBody) {
        return call.notify("POST", "/api/stripe/webhook", "", body, {{"Stripe-Signature", sig}});
    }
    FakeHost host;
    LoadedPlugin plugin{PLUGIN_PATH, host};
    PaymentPtr pay = create_payment(plugin, "stripe", kConfig);
    PaymentCall call{host, pay.get()};
};

TEST_F(StripePlugin, CreatesACheckoutSessionThroughTheHostAndRedirects) {
    OrderSpec o;
    o.trade_no = "ref_abc";
    o.quantity = 12;
    o.user_ref = "alice@example.com";
    OrderReport r = call.create(o, [](const OrderReport::Request&) {
        return Answer{
            200,
            R"({"id":"cs_test_1","object":"checkout.session","url":"https://checkout.stripe.com/c/pay/cs_test_1"})"};
    });
    ASSERT_EQ(r.status, GW_OK) << r.error.message;
    EXPECT_EQ(r.action, GW_PAY_REDIRECT);
    EXPECT_EQ(r.url, "https://checkout.stripe.com/c/pay/cs_test_1");
    EXPECT_EQ(r.provider_ref, "cs_test_1");
    ASSERT_EQ(r.requests.size(), 1u);
    const auto& q = r.requests[0];
    EXPECT_EQ(q.method, "POST");
    EXPECT_EQ(q.url, "http://127.0.0.1:9/v1/checkout/sessions");
    EXPECT_EQ(q.headers.at("Authorization"), "Bearer sk_test_123");
    EXPECT_EQ(q.headers.at("Content-Type"), "application/x-www-form-urlencoded");
    for (const char* part :
         {"mode=payment", "line_items%5B0%5D%5Bprice%5D=price_unit", "line_items%5B0%5D%5Bquantity%5D=12",
          "client_reference_id=ref_abc", "success_url=https%3A%2F%2Fgw.example.com%2Fconsole%2Flog",
          "cancel_url=https%3A%2F%2Fgw.example.com%2Fconsole%2Ftopup", "allow_promotion_codes=true",
          "customer_email=alice%40example.com"})
        EXPECT_NE(q.body.find(part), std::string::npos) << part << " in " << q.body;
}

TEST_F(StripePlugin, AStripeErrorFailsTheOrderWithItsMessage) {
    OrderReport r = call.create(OrderSpec{}, [](const OrderReport::Request&) {
        return Answer{400, R"({"error":{"message":"No such price: 'price_unit'","type":"invalid_request_error"}})"};
    });
    EXPECT_EQ(r.status, GW_ERR_UPSTREAM);
    EXPECT_NE(r.error.message.find("No such price"), std::string::npos) << r.error.message;
}

TEST_F(StripePlugin, AcceptsAValidSignatureAmongSeveral) {
    NotifyReport r = hook("t=1700000000,v1=" + std::string(64, '0') + ",v1=" + kSigNow + ",v0=ignored");
    ASSERT_EQ(r.status, GW_OK) << r.error.message;
    EXPECT_EQ(r.state, GW_PAY_PAID);
    EXPECT_EQ(r.trade_no, "ref_abc");
    EXPECT_EQ(r.provider_txn_id, "cs_1");
    EXPECT_LT(r.paid_amount_minor, 0);  // nothing to compare: Stripe charged the price list
    EXPECT_EQ(r.reply_status, 200);
}

TEST_F(StripePlugin, RefusesTamperedStaleOrMalformedSignatures) {
    std::string tampered = kBody;
    tampered.replace(tampered.find("ref_abc"), 7, "ref_xyz");
    for (auto [sig, body] : std::vector<std::pair<std::string, std::string>>{
             {"t=1700000000,v1=" + kSigNow, tampered},
             {"t=1699999000,v1=" + kSigOld, kBody},  // valid, but 1000 s old (tolerance 300 s)
             {"t=1700000001,v1=" + kSigNow, kBody},
             {"v1=" + kSigNow, kBody},
             {"", kBody},
             {"t=abc,v1=" + kSigNow, kBody}}) {
        NotifyReport r = hook(sig, body);
        EXPECT_NE(r.status, GW_OK) << sig;
        EXPECT_FALSE(r.has_result) << sig;
        EXPECT_EQ(r.reply_status, 400) << sig;
    }
}

// Signed here with OpenSSL, for events beyond the recorded vector.
std::string signed_header(const std::string& body, const std::string& t = "1700000000") {
    unsigned char md[32];
    unsigned int n = 0;
    std::string data = t + "." + body;
    HMAC(EVP_sha256(), "whsec_test_secret", 17, reinterpret_cast<const unsigned char*>(data.data()), data.size(), md,
         &n);
    std::string hex;
    for (unsigned i = 0; i < n; ++i) {
        hex += "0123456789abcdef"[md[i] >> 4];
        hex += "0123456789abcdef"[md[i] & 15];
    }
    return "t=" + t + ",v1=" + hex;
}

TEST_F(StripePlugin, MapsCheckoutEventsToPaymentStates) {
    auto event = [](const std::string& type, const std::string& status, const std::string& paid) {
        return R"({"type":")" + type + R"(","data":{"object":{"id":"cs_2","client_reference_id":"ref_2","status":")" +
               status + R"(","payment_status":")" + paid + R"("}}})";
    };
    std::vector<std::pair<std::string, gw_pay_state>> cases = {
        {event("checkout.session.completed", "complete", "paid"), GW_PAY_PAID},
        {event("checkout.session.completed", "complete", "unpaid"), GW_PAY_PENDING},
        {event("checkout.session.async_payment_succeeded", "complete", "paid"), GW_PAY_PAID},
        {event("checkout.session.async_payment_failed", "complete", "unpaid"), GW_PAY_FAILED},
        {event("checkout.session.expired", "expired", "unpaid"), GW_PAY_EXPIRED},
        {event("payment_intent.created", "open", "unpaid"), GW_PAY_IGNORED}};
    for (const auto& [body, state] : cases) {
        NotifyReport r = hook(signed_header(body), body);
        ASSERT_EQ(r.status, GW_OK) << body;
        EXPECT_EQ(r.state, state) << body;
        EXPECT_EQ(r.trade_no, "ref_2");
    }
}

TEST_F(StripePlugin, RefusesSettingsWithoutASecretKey) {
    EXPECT_THROW(create_payment(plugin, "stripe",
                                R"({"StripeApiSecret":"pk_live_1","StripeWebhookSecret":"w","StripePriceId":"p"})"),
                 std::runtime_error);
}

}  // namespace
