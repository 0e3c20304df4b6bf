#include "cluster/sync_bus.hpp"

#include "cluster/redis_pool.hpp"
#include "common/log.hpp"

#include <Poco/Exception.h>
#include <Poco/Redis/Array.h>
#include <Poco/Redis/Client.h>

namespace gw::cluster {

namespace {

constexpr const char* kChannel = "gw:sync";

}  // namespace

SyncBus::SyncBus(RedisPool& pool, std::string node_id, std::function<void(const std::string&)> apply,
                 std::function<void()> resync)
    : pool_(pool),
      node_id_(std::move(node_id)),
      apply_(std::move(apply)),
      resync_(std::move(resync)),
      listener_([this] { listen(); }) {}

SyncBus::~SyncBus() {
    stop_ = true;
    publish("wake");  // the listener blocks on its connection; our own message ends the wait
    listener_.join();
}

// "<node id> <change>": a node skips its own messages.
void SyncBus::publish(const std::string& change) {
    Poco::Redis::Array cmd;
    cmd << "PUBLISH" << kChannel << node_id_ + " " + change;
    try {
        pool_.integer(cmd);
    } catch (const std::exception& e) {
        log::warn("change \"" + change + "\" not announced to other nodes (" + e.what() +
                  "); they see it at the next sync");
    }
}

// Reconnects every second while Redis is away, warning once per outage; after each reconnect but
// the first, everything is reloaded (messages sent meanwhile are gone).
void SyncBus::listen() {
    bool connected_before = false, warned = false;
    auto lost = [&](const std::string& why) {
        if (!stop_ && !warned) log::warn("cluster sync listener: " + why + "; reconnecting every second");
        warned = true;
    };
    while (!stop_) {
        try {
            listen_once([&] {
                if (connected_before) resync_();
                connected_before = true;
                warned = false;
            });
        } catch (const Poco::Exception& e) {
            lost(e.displayText());
        } catch (const std::exception& e) {
            lost(e.what());
        }
        for (int i = 0; i < 10 && !stop_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

// Subscribes and applies messages until the connection fails or stop_. The read blocks without
// a timeout: a timed-out read leaves Poco's reply stream unusable.
void SyncBus::listen_once(const std::function<void()>& subscribed) {
    auto client = pool_.connect();
    client->setReceiveTimeout(Poco::Timespan(0));
    Poco::Redis::Array subscribe;
    subscribe << "SUBSCRIBE" << kChannel;
    client->sendCommand(subscribe);  // reads the confirmation
    subscribed();
    while (!stop_) {
        Poco::Redis::RedisType::Ptr reply = client->readReply();
        if (reply->type() != Poco::Redis::RedisTypeTraits<Poco::Redis::Array>::TypeId) continue;
        auto& parts = static_cast<Poco::Redis::Type<Poco::Redis::Array>*>(reply.get())->value();
        if (parts.size() != 3 || parts.get<Poco::Redis::BulkString>(0).value() != "message") continue;
        std::string text = parts.get<Poco::Redis::BulkString>(2).value();
        auto space = text.find(' ');
        if (space == std::string::npos || text.compare(0, space, node_id_) == 0) continue;
        received_.fetch_add(1);
        try {
            apply_(text.substr(space + 1));
        } catch (const std::exception& e) {
            log::warn("cluster sync: could not apply \"" + text.substr(space + 1) + "\": " + e.what());
        }
    }
}

}  // namespace gw::cluster
