// Quota warnings, as New API sends them: when a charge takes a user's balance from at or above
// their threshold (setting quota_warning_threshold, else the QuotaRemindThreshold option) to below
// it, the user is told once, by a thread of its own so the relay never waits on mail or webhooks.
// A balance that climbs back (a top-up) and falls again warns again, at most once in ten minutes.
#pragma once

#include "billing/ledger.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace gw::store {
class Cache;
}

namespace gw::notify {

struct Notice;
// New API's warning text for the user's notify_type (HTML with a top-up link for e-mail and
// webhooks, short text for Bark and Gotify).
Notice quota_warning(const store::User& user, const std::string& balance, const std::string& topup_link);

class QuotaWatch : public billing::BalanceObserver {
public:
    using Send = std::function<void(const store::User& user, int64_t balance)>;
    QuotaWatch(const store::Cache& cache, Send send);
    ~QuotaWatch() override;
    QuotaWatch(const QuotaWatch&) = delete;
    QuotaWatch& operator=(const QuotaWatch&) = delete;

    void balance_fell(const store::User& user, int64_t before, int64_t after) override;

private:
    struct Warning {
        int64_t user_id, balance;
    };
    int64_t threshold_of(const store::User& user);
    void run();

    const store::Cache& cache_;
    Send send_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Warning> queue_;
    std::unordered_map<int64_t, std::chrono::steady_clock::time_point> last_sent_;
    std::unordered_map<int64_t, std::pair<size_t, int64_t>> thresholds_;  // user → (setting hash, threshold)
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace gw::notify
