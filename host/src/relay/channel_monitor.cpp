#include "relay/channel_monitor.hpp"

#include "app/option_defaults.hpp"
#include "common/log.hpp"
#include "common/strings.hpp"
#include "relay/channel_health.hpp"
#include "relay/channel_keys.hpp"
#include "relay/channel_test.hpp"
#include "relay/relay_session.hpp"
#include "store/cache.hpp"
#include "store/channel_repo.hpp"

#include <ctime>

namespace gw::relay {

namespace {

std::string test_model_of(const store::Channel& c) {
    if (!c.test_model.empty()) return c.test_model;
    auto models = split_trimmed(c.models, ',');
    return models.empty() ? "gpt-4o-mini" : models.front();
}

// A copy of the channel that uses only `key`.
store::Channel with_key(const store::Channel& c, const std::string& key) {
    store::Channel one = c;
    one.key = key;
    one.channel_info.clear();
    return one;
}

}  // namespace

ChannelMonitor::ChannelMonitor(RelayServices& s, store::Database& db, std::chrono::seconds period)
    : s_(s), db_(db), thread_([this, period] {
          std::unique_lock lock(mutex_);
          while (!cv_.wait_for(lock, period, [this] { return stop_; })) {
              lock.unlock();
              try {
                  test_all_channels(s_, db_);
              } catch (const std::exception& e) {
                  log::error(std::string("channel monitor: ") + e.what());
              }
              lock.lock();
          }
      }) {}

ChannelMonitor::~ChannelMonitor() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
}

void test_all_channels(RelayServices& s_, store::Database& db_) {
    bool enable = Options(s_.cache).flag("AutomaticEnableChannelEnabled");
    auto channels = s_.cache.channels.all();
    for (const auto& [id, c] : *channels) {
        if (c->status == 2) continue;
        std::string model = test_model_of(*c);
        MultiKeyInfo info = multi_key_info(c->channel_info);
        if (info.multi) {
            auto keys = all_keys(c->key);
            for (const auto& [index, status] : info.status)
                if (status == 3 && enable && index < static_cast<int>(keys.size()) &&
                    test_channel(s_, with_key(*c, keys[static_cast<size_t>(index)]), model).ok)
                    s_.health.set_status(id, index, 1, "");
            continue;
        }
        ChannelTestResult r = test_channel(s_, *c, model);
        store::record_channel_test(db_, id, r.millis, static_cast<int64_t>(std::time(nullptr)));
        if (c->status == 3 && r.ok && enable) {
            s_.health.set_status(id, -1, 1, "");
            log::info("channel #" + std::to_string(id) + " passed its test and is enabled again");
        } else if (c->status == 1 && !r.ok && s_.health.should_disable(*c, r.status, r.message, r.flags)) {
            s_.health.set_status(id, -1, 3, "test failed: " + r.message);
        }
    }
}

}  // namespace gw::relay
