// An immutable map swapped atomically: readers on the relay path take a shared_ptr and never
// block; writers copy, change and publish.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace gw::store {

template <class K, class V>
class Snapshot {
public:
    using Map = std::unordered_map<K, std::shared_ptr<const V>>;

    Snapshot() : map_(std::make_shared<const Map>()) {}

    std::shared_ptr<const V> get(const K& key) const {
        auto m = map_.load();
        auto it = m->find(key);
        return it == m->end() ? nullptr : it->second;
    }
    std::shared_ptr<const Map> all() const { return map_.load(); }

    void replace(Map m) {
        std::lock_guard lock(write_);
        map_.store(std::make_shared<const Map>(std::move(m)));
    }
    void upsert(const K& key, V value) {
        std::lock_guard lock(write_);
        auto next = std::make_shared<Map>(*map_.load());
        (*next)[key] = std::make_shared<const V>(std::move(value));
        map_.store(std::move(next));
    }
    // fn(row copy, change) for each key of `changes` the map holds, published as one new map.
    template <class Changes, class Fn>
    void update_many(const Changes& changes, Fn&& fn) {
        if (changes.empty()) return;
        std::lock_guard lock(write_);
        auto next = std::make_shared<Map>(*map_.load());
        for (const auto& [key, change] : changes) {
            auto it = next->find(key);
            if (it == next->end()) continue;
            V row = *it->second;
            fn(row, change);
            it->second = std::make_shared<const V>(std::move(row));
        }
        map_.store(std::move(next));
    }
    void erase(const K& key) {
        std::lock_guard lock(write_);
        auto next = std::make_shared<Map>(*map_.load());
        next->erase(key);
        map_.store(std::move(next));
    }

private:
    std::atomic<std::shared_ptr<const Map>> map_;
    std::mutex write_;
};

}  // namespace gw::store
