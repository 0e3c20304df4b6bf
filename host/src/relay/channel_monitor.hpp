// Periodic channel tests (CHANNEL_TEST_FREQUENCY minutes, master node only), New API's way: a
// channel that fails a test is disabled under the automatic-disable rules; an automatically
// disabled channel (status 3) or key that passes is enabled again when
// AutomaticEnableChannelEnabled is on. Manually disabled channels (status 2) are left alone.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace gw::store {
class Database;
}

namespace gw::relay {

struct RelayServices;

// One round over every channel; blocking (upstream calls and database writes).
void test_all_channels(RelayServices& s, store::Database& db);

class ChannelMonitor {
public:
    ChannelMonitor(RelayServices& s, store::Database& db, std::chrono::seconds period);
    ~ChannelMonitor();

private:
    RelayServices& s_;
    store::Database& db_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace gw::relay
