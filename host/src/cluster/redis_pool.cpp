#include "cluster/redis_pool.hpp"

#include "common/log.hpp"

#include <Poco/Exception.h>
#include <Poco/Redis/Array.h>
#include <Poco/Redis/Client.h>
#include <Poco/Redis/Exception.h>

namespace gw::cluster {

namespace {

constexpr auto kConnectTimeout = std::chrono::milliseconds(300);
constexpr auto kReplyTimeout = std::chrono::milliseconds(1000);
constexpr int64_t kRetryAfterMs = 1000;

int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

Poco::Timespan span(std::chrono::milliseconds ms) {
    return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
}

}  // namespace

RedisPool::RedisPool(RedisEndpoint endpoint, size_t max_idle) : endpoint_(std::move(endpoint)), max_idle_(max_idle) {}

RedisPool::~RedisPool() = default;

std::unique_ptr<Poco::Redis::Client> RedisPool::connect() const {
    try {
        auto c = std::make_unique<Poco::Redis::Client>();
        c->connect(endpoint_.host, endpoint_.port, span(kConnectTimeout));
        c->setReceiveTimeout(span(kReplyTimeout));
        if (!endpoint_.password.empty()) {
            Poco::Redis::Array auth;
            auth << "AUTH";
            if (!endpoint_.user.empty()) auth << endpoint_.user;
            auth << endpoint_.password;
            c->execute<std::string>(auth);
        }
        if (endpoint_.db != 0) {
            Poco::Redis::Array select;
            select << "SELECT" << std::to_string(endpoint_.db);
            c->execute<std::string>(select);
        }
        return c;
    } catch (const Poco::Exception& e) {
        throw RedisDown("Redis " + endpoint_.describe() + ": " + e.displayText());
    }
}

std::unique_ptr<Poco::Redis::Client> RedisPool::acquire() {
    if (down_.load() && now_ms() < retry_at_ms_.load()) throw RedisDown("Redis is down");
    {
        std::lock_guard lock(mutex_);
        if (!idle_.empty()) {
            auto c = std::move(idle_.back());
            idle_.pop_back();
            return c;
        }
    }
    try {
        return connect();
    } catch (const RedisDown& e) {
        failed(e.what());
        throw;
    }
}

void RedisPool::give_back(std::unique_ptr<Poco::Redis::Client> c) {
    std::lock_guard lock(mutex_);
    if (idle_.size() < max_idle_) idle_.push_back(std::move(c));
}

void RedisPool::failed(const std::string& what) {
    failures_.fetch_add(1);
    retry_at_ms_.store(now_ms() + kRetryAfterMs);
    if (!down_.exchange(true))
        log::error("REDIS UNREACHABLE (" + what +
                   "): quota and rate-limit counters fall back to this node's memory until it is back");
    std::lock_guard lock(mutex_);
    idle_.clear();
}

void RedisPool::succeeded() {
    if (!down_.exchange(false)) return;
    recoveries_.fetch_add(1);
    log::warn("Redis " + endpoint_.describe() + " is reachable again");
}

template <typename F>
auto RedisPool::with_client(F&& f) {
    auto c = acquire();
    try {
        auto result = f(*c);
        give_back(std::move(c));
        succeeded();
        return result;
    } catch (const Poco::Redis::RedisException& e) {
        give_back(std::move(c));  // an error reply: the connection is fine, the command is not
        throw std::runtime_error("Redis: " + e.displayText());
    } catch (const Poco::BadCastException&) {
        give_back(std::move(c));
        throw std::runtime_error("Redis: unexpected reply type");
    } catch (const Poco::Exception& e) {
        failed(e.displayText());
        throw RedisDown("Redis " + endpoint_.describe() + ": " + e.displayText());
    }
}

int64_t RedisPool::integer(const Poco::Redis::Array& command) {
    return with_client([&](Poco::Redis::Client& c) { return static_cast<int64_t>(c.execute<Poco::Int64>(command)); });
}

void RedisPool::run(const Poco::Redis::Array& command) {
    with_client([&](Poco::Redis::Client& c) {
        auto reply = c.sendCommand(command);
        if (reply->isError()) throw Poco::Redis::RedisException(reply->toString());
        return 0;
    });
}

}  // namespace gw::cluster
