#include "relay/channel_health.hpp"

#include "app/option_defaults.hpp"
#include "common/json_bounded.hpp"
#include "common/log.hpp"
#include "common/strings.hpp"
#include "common/thread_pool.hpp"
#include "relay/channel_keys.hpp"
#include "store/cache.hpp"
#include "store/channel_repo.hpp"

#include <gw/abi/types.h>
#include <nlohmann/json.hpp>

#include <ctime>

namespace gw::relay {

bool status_listed(const std::string& ranges, int status) {
    for (const auto& part : split_trimmed(ranges, ',')) {
        auto dash = part.find('-');
        try {
            if (dash == std::string::npos) {
                if (std::stoi(part) == status) return true;
            } else if (status >= std::stoi(part.substr(0, dash)) && status <= std::stoi(part.substr(dash + 1))) {
                return true;
            }
        } catch (const std::exception&) {
        }
    }
    return false;
}

bool ChannelHealth::should_disable(const store::Channel& c, int status, const std::string& message,
                                   unsigned flags) const {
    Options o(cache_);
    if (!o.flag("AutomaticDisableChannelEnabled") || c.auto_ban != 1 || (flags & GW_ERRF_CLIENT_FAULT)) return false;
    if (flags & GW_ERRF_DISABLE_CHANNEL) return true;
    if (status > 0 && status_listed(o.str("AutomaticDisableStatusCodes"), status)) return true;
    std::string lower = to_lower(message);
    for (const auto& k : split_trimmed(o.str("AutomaticDisableKeywords"), '\n'))
        if (!k.empty() && lower.find(to_lower(k)) != std::string::npos) return true;
    return false;
}

void ChannelHealth::failed(const store::Channel& c, int key_index, int status, const std::string& message,
                           unsigned flags) {
    if (!(flags & GW_ERRF_CLIENT_FAULT)) trip(c.id);
    if (!should_disable(c, status, message, flags)) return;
    int64_t id = c.id;
    std::string reason = "status " + std::to_string(status) + ": " + message.substr(0, 300);
    workers_.post([this, id, key_index, reason] {
        try {
            set_status(id, key_index, 3, reason);
            log::warn("channel #" + std::to_string(id) + (key_index >= 0 ? " key " + std::to_string(key_index) : "") +
                      " disabled automatically: " + reason);
        } catch (const std::exception& e) {
            log::error("auto-disable of channel #" + std::to_string(id) + " failed: " + e.what());
        }
    });
}

void ChannelHealth::trip(int64_t channel_id) {
    Options o(cache_);
    auto threshold = static_cast<size_t>(o.number("ChannelBreakerFailures"));
    if (threshold == 0) return;
    auto window = std::chrono::seconds(static_cast<int64_t>(o.number("ChannelBreakerWindowSeconds")));
    auto cooldown = std::chrono::seconds(static_cast<int64_t>(o.number("ChannelBreakerCooldownSeconds")));
    auto now = Clock::now();
    std::lock_guard lock(mutex_);
    Breaker& b = breakers_[channel_id];
    tracked_ = breakers_.size();
    bool half_open = b.open_until != Clock::time_point{} && now >= b.open_until;
    b.failures.push_back(now);
    while (!b.failures.empty() && now - b.failures.front() > window) b.failures.pop_front();
    if (half_open || b.failures.size() >= threshold) {
        if (now >= b.open_until)
            log::warn("channel #" + std::to_string(channel_id) + " circuit open for " +
                      std::to_string(cooldown.count()) + " s");
        b.open_until = now + cooldown;
    }
}

void ChannelHealth::succeeded(int64_t channel_id) {
    if (tracked_.load(std::memory_order_relaxed) == 0) return;
    std::lock_guard lock(mutex_);
    breakers_.erase(channel_id);
    tracked_ = breakers_.size();
}

void ChannelHealth::add_blocked(std::set<int64_t>& out) {
    if (tracked_.load(std::memory_order_relaxed) == 0) return;
    std::lock_guard lock(mutex_);
    if (breakers_.empty()) return;
    auto now = Clock::now();
    for (const auto& [id, b] : breakers_)
        if (now < b.open_until) out.insert(id);
}

void ChannelHealth::set_status(int64_t channel_id, int key_index, int status, const std::string& reason) {
    auto c = store::find_channel(db_, channel_id);
    if (!c) return;
    int64_t now = static_cast<int64_t>(std::time(nullptr));
    MultiKeyInfo info = multi_key_info(c->channel_info);
    if (info.multi && key_index >= 0) {
        if (status == 1) {
            info.status.erase(key_index);
            info.reason.erase(key_index);
            info.time.erase(key_index);
        } else {
            info.status[key_index] = status;
            info.reason[key_index] = reason;
            info.time[key_index] = now;
        }
        c->channel_info = with_multi_key_info(c->channel_info, info);
        size_t keys = all_keys(c->key).size();
        if (info.status.size() >= keys && status != 1)
            c->status = 3;  // no key left
        else if (status == 1 && c->status == 3)
            c->status = 1;
    } else {
        c->status = status;
    }
    auto other = parse_json(c->other_info.empty() ? "{}" : c->other_info);
    if (!other.is_object()) other = nlohmann::json::object();
    other["status_reason"] = c->status == 1 ? "" : reason;
    other["status_time"] = now;
    c->other_info = other.dump();
    cache_.put_channel(*c);  // the relay stops using the key now, not once the write has landed
    store::update_channel(db_, *c, {"status", "channel_info", "other_info"});
    cache_.reload_channels();  // and the other nodes follow
}

}  // namespace gw::relay
