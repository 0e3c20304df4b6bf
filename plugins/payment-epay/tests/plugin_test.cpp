// The EPay plugin on the fake host: the signed form New API's clients post, and notifies
// verified against signatures computed independently (Python hashlib) from EPay's rules.
#include <gw/cpp/payment_testing.hpp>

#include <gtest/gtest.h>

namespace {

using namespace gw::testing;

constexpr const char* kKey = "89unJUB8HZ54Hj7x4nUj56HN4nUzUJ8i";
const std::string kConfig =
    std::string(R"({"PayAddress":"https://pay.example.com/","EpayId":"1001","EpayKey":")") + kKey + "\"}";

// money=73.00&name=TUC10&out_trade_no=USR7NOabcdef1700000000&pid=1001&trade_no=2016080622555342651
// &trade_status=TRADE_SUCCESS&type=alipay + key
constexpr const char* kNotify =
    "pid=1001&trade_no=2016080622555342651&out_trade_no=USR7NOabcdef1700000000&type=alipay&name=TUC10"
    "&money=73.00&trade_status=TRADE_SUCCESS&param=&sign=a3e531b286dd09eb317237ee95176995&sign_type=MD5";

class EpayPlugin : public ::testing::Test {
protected:
    void SetUp() override { give_crypto(host); }
    FakeHost host;
    LoadedPlugin plugin{PLUGIN_PATH, host};
    PaymentPtr pay = create_payment(plugin, "epay", kConfig);
    PaymentCall call{host, pay.get()};
};

TEST_F(EpayPlugin, DescribesItselfAsAPaymentWithItsNotifyRoute) {
    auto* f = static_cast<const gw_payment_factory*>(plugin.entry().get_factory(GW_FACTORY_PAYMENT));
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(plugin.entry().get_factory(GW_FACTORY_PROVIDER), nullptr);
    const gw_payment_descriptor* d = f->get(f, 0);
    EXPECT_STREQ(d->id, "epay");
    EXPECT_STREQ(d->webhook_paths[0], "/api/user/epay/notify");
    EXPECT_EQ(d->webhook_paths[1], nullptr);
}

TEST_F(EpayPlugin, SignsTheOrderFormWithThePublishedRule) {
    OrderSpec o;
    o.trade_no = "20160806151343349";
    o.method = "alipay";
    o.subject = "VIP会员";
    o.amount_minor = 100;
    o.notify_url = "http://www.pay.com/notify_url.php";
    o.return_url = "http://www.pay.com/return_url.php";
    OrderReport r = call.create(o);
    ASSERT_EQ(r.status, GW_OK) << r.error.message;
    EXPECT_EQ(r.action, GW_PAY_FORM_POST);
    EXPECT_EQ(r.url, "https://pay.example.com/submit.php");  // the trailing slash is not doubled
    EXPECT_EQ(r.field("money"), "1.00");
    EXPECT_EQ(r.field("pid"), "1001");
    EXPECT_EQ(r.field("device"), "pc");
    EXPECT_EQ(r.field("sign_type"), "MD5");
    EXPECT_EQ(r.field("sign"), "d27fa10b901a85f0fe8cc21bfd01930f");
    EXPECT_TRUE(r.requests.empty());  // pure CPU: no HTTP call
}

TEST_F(EpayPlugin, FormatsMinorUnitsExactly) {
    OrderSpec o;
    for (auto [minor, text] :
         std::vector<std::pair<int64_t, std::string>>{{7, "0.07"}, {1230, "12.30"}, {100000001, "1000000.01"}}) {
        o.amount_minor = minor;
        EXPECT_EQ(call.create(o).field("money"), text);
    }
    o.amount_minor = 0;
    EXPECT_EQ(call.create(o).status, GW_ERR_BAD_ARGUMENT);
}

TEST_F(EpayPlugin, AcceptsASignedNotifyByGetAndByPost) {
    for (NotifyReport r : {call.notify("GET", "/api/user/epay/notify", kNotify, ""),
                           call.notify("POST", "/api/user/epay/notify", "", kNotify,
                                       {{"Content-Type", "application/x-www-form-urlencoded"}})}) {
        ASSERT_EQ(r.status, GW_OK) << r.error.message;
        ASSERT_TRUE(r.has_result);
        EXPECT_EQ(r.state, GW_PAY_PAID);
        EXPECT_EQ(r.trade_no, "USR7NOabcdef1700000000");
        EXPECT_EQ(r.provider_txn_id, "2016080622555342651");
        EXPECT_EQ(r.pay_method, "alipay");
        EXPECT_EQ(r.paid_amount_minor, 7300);
        EXPECT_EQ(r.reply_body, "success");
    }
}

TEST_F(EpayPlugin, RefusesATamperedOrForeignNotify) {
    std::string tampered = kNotify;
    tampered.replace(tampered.find("money=73.00"), 11, "money=93.00");
    for (const std::string& q :
         {tampered, std::string(kNotify).replace(0, 8, "pid=1002"),
          std::string("pid=1001&out_trade_no=x&money=1.00&trade_status=TRADE_SUCCESS"), std::string()}) {
        NotifyReport r = call.notify("GET", "/api/user/epay/notify", q, "");
        EXPECT_NE(r.status, GW_OK) << q;
        EXPECT_FALSE(r.has_result) << q;
        EXPECT_EQ(r.reply_body, "fail") << q;
    }
}

TEST_F(EpayPlugin, AnUnpaidStatusIsReportedAsNothingToCredit) {
    // Signed by the same rule: md5("money=1.00&out_trade_no=T1&pid=1001&trade_status=WAIT_BUYER_PAY&type=wxpay" + key).
    std::string q =
        "pid=1001&out_trade_no=T1&money=1.00&trade_status=WAIT_BUYER_PAY&type=wxpay"
        "&sign=0e30b25807a573717804e027bdd27cc9";
    NotifyReport r = call.notify("GET", "/api/user/epay/notify", q, "");
    ASSERT_EQ(r.status, GW_OK) << r.error.message;
    EXPECT_EQ(r.state, GW_PAY_IGNORED);
    EXPECT_EQ(r.reply_body, "success");
}

TEST_F(EpayPlugin, RefusesIncompleteSettings) {
    EXPECT_THROW(create_payment(plugin, "epay", R"({"PayAddress":"https://pay.example.com"})"), std::runtime_error);
    EXPECT_THROW(create_payment(plugin, "epay", "not json"), std::runtime_error);
}

}  // namespace
