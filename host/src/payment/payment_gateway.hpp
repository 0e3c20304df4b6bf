// Payment plugins as the host drives them: each instance configured from the options its
// settings schema names (re-created when one of them or the plugin changes), create_order run to
// its end with the plugin's auxiliary HTTP call made between rounds, and verify_notify over the
// raw inbound request. Blocking: call from a worker thread.
#pragma once

#include <gw/abi/payment.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gw {
namespace store {
class Cache;
}
namespace plugin {
class Catalog;
class Registry;
}  // namespace plugin
namespace upstream {
class HttpClient;
}
namespace http {
struct HttpRequest;
}
}  // namespace gw

namespace gw::payment {

struct OrderSpec {
    std::string trade_no, currency, method, subject, notify_url, return_url, client_ip, user_ref;
    int64_t amount_minor = 0, quantity = 0;
    std::string cancel_url;
};

struct PayAction {
    bool ok = false;
    gw_pay_action kind = 0;
    std::string url, provider_ref, error;
    std::vector<std::pair<std::string, std::string>> fields;
};

struct Notified {
    bool verified = false;  // the plugin vouched for the request (a result follows)
    bool has_result = false;
    gw_pay_state state = GW_PAY_IGNORED;
    std::string trade_no, provider_txn_id, currency, pay_method, error;
    int64_t paid_minor = 0;
    int reply_status = 0;  // 0: the plugin left the reply to the host
    std::string reply_type, reply_body;
};

class PaymentGateway {
public:
    PaymentGateway(plugin::Catalog& plugins, const store::Cache& cache, upstream::HttpClient& http);

    // Whether a loaded plugin offers `id` and accepts the current settings.
    bool usable(const std::string& id);
    PayAction create(const std::string& id, const OrderSpec& order);
    Notified verify(const std::string& id, const http::HttpRequest& req);
    // The payment ids and the webhook paths they declared, in load order.
    std::vector<std::pair<std::string, std::string>> webhooks() const;

private:
    struct Held {
        std::shared_ptr<const plugin::Registry> registry;
        std::string settings;
        std::shared_ptr<const gw_payment> instance;
    };
    std::shared_ptr<const gw_payment> instance(const std::string& id, std::string& error);

    plugin::Catalog& plugins_;
    const store::Cache& cache_;
    upstream::HttpClient& http_;
    std::mutex mutex_;
    std::vector<std::pair<std::string, Held>> held_;
};

}  // namespace gw::payment
