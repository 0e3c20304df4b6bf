#include "notify/quota_watch.hpp"

#include "app/option_defaults.hpp"
#include "common/json_bounded.hpp"
#include "common/log.hpp"
#include "notify/user_notifier.hpp"
#include "store/cache.hpp"

#include <nlohmann/json.hpp>

namespace gw::notify {
namespace {

constexpr auto kQuietPeriod = std::chrono::minutes(10);
constexpr size_t kMaxQueued = 10000;

}  // namespace

Notice quota_warning(const store::User& user, const std::string& balance, const std::string& topup_link) {
    auto s = parse_json(user.setting);
    std::string type = s.is_object() && s["notify_type"].is_string() ? s["notify_type"].get<std::string>() : "email";
    const std::string prompt = "您的额度即将用尽";
    if (type == "bark")
        return {"quota_exceed", prompt, "{{value}}，剩余额度：{{value}}，请及时充值", {prompt, balance}};
    if (type == "gotify")
        return {"quota_exceed", prompt, "{{value}}，当前剩余额度为 {{value}}，请及时充值。", {prompt, balance}};
    return {"quota_exceed",
            prompt,
            "{{value}}，当前剩余额度为 {{value}}，为了不影响您的使用，请及时充值。<br/>充值链接：<a "
            "href='{{value}}'>{{value}}</a>",
            {prompt, balance, topup_link, topup_link}};
}

QuotaWatch::QuotaWatch(const store::Cache& cache, Send send)
    : cache_(cache), send_(std::move(send)), thread_([this] { run(); }) {}

QuotaWatch::~QuotaWatch() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

// Most users never set a threshold of their own: their settings are not read per charge. Those
// who did are parsed once per version of their setting (known by its hash).
int64_t QuotaWatch::threshold_of(const store::User& user) {
    if (user.setting.find("quota_warning_threshold") == std::string::npos)
        return static_cast<int64_t>(Options(cache_).number("QuotaRemindThreshold"));
    size_t version = std::hash<std::string>{}(user.setting);
    {
        std::lock_guard lock(mutex_);
        auto it = thresholds_.find(user.id);
        if (it != thresholds_.end() && it->second.first == version) return it->second.second;
    }
    auto s = parse_json(user.setting);
    int64_t threshold = static_cast<int64_t>(Options(cache_).number("QuotaRemindThreshold"));
    if (s.is_object() && s["quota_warning_threshold"].is_number() && s["quota_warning_threshold"].get<double>() > 0)
        threshold = static_cast<int64_t>(s["quota_warning_threshold"].get<double>());
    std::lock_guard lock(mutex_);
    thresholds_[user.id] = {version, threshold};
    return threshold;
}

void QuotaWatch::balance_fell(const store::User& user, int64_t before, int64_t after) {
    int64_t threshold = threshold_of(user);
    if (threshold <= 0 || before < threshold || after >= threshold) return;
    {
        std::lock_guard lock(mutex_);
        auto now = std::chrono::steady_clock::now();
        auto& last = last_sent_[user.id];
        if (last.time_since_epoch().count() && now - last < kQuietPeriod) return;
        if (queue_.size() >= kMaxQueued) return;
        last = now;
        queue_.push_back({user.id, after});
    }
    wake_.notify_one();
}

void QuotaWatch::run() {
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (stopping_) return;
        Warning w = queue_.front();
        queue_.pop_front();
        lock.unlock();
        if (auto user = cache_.users.get(w.user_id)) try {
                send_(*user, w.balance);
            } catch (const std::exception& e) {
                log::warn(std::string("quota warning to user ") + std::to_string(w.user_id) + ": " + e.what());
            }
        lock.lock();
    }
}

}  // namespace gw::notify
