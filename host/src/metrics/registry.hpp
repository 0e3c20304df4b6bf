// Prometheus-style instruments: counters, gauges and histograms in labelled families, rendered
// in the text exposition format. The hot path (inc/observe on a labelled series) takes no lock
// and shares no cache line: each thread counts in a shard of its own, found in a thread-local
// table (only a series' first use on a thread takes the family's mutex), and a scrape adds the
// shards up. A family holds at most kMaxSeries label sets; later ones are counted under the
// label value "_other_" (label values can come from clients).
#pragma once

#include "metrics/exposition.hpp"

#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace gw::metrics {

class Counter {
public:
    void inc(uint64_t n = 1) { v_.fetch_add(n, std::memory_order_relaxed); }
    uint64_t value() const { return v_.load(std::memory_order_relaxed); }

private:
    std::atomic<uint64_t> v_{0};
};

// Moved by deltas only (shards are summed).
class Gauge {
public:
    void add(int64_t n) { v_.fetch_add(n, std::memory_order_relaxed); }
    int64_t value() const { return v_.load(std::memory_order_relaxed); }

private:
    std::atomic<int64_t> v_{0};
};

class Histogram {
public:
    explicit Histogram(const std::vector<double>& bounds);
    void observe(double value);
    const std::vector<double>& bounds() const { return bounds_; }
    uint64_t bucket(size_t i) const { return buckets_[i].load(std::memory_order_relaxed); }  // i ≤ bounds.size()
    double sum() const { return sum_.load(std::memory_order_relaxed); }

private:
    const std::vector<double>& bounds_;
    std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // per bound, then +Inf; not cumulative
    std::atomic<double> sum_{0};
};

// Request latencies in seconds, from 1 ms to 5 minutes.
const std::vector<double>& latency_buckets();

class FamilyBase {
public:
    static constexpr size_t kMaxSeries = 2000;
    static constexpr size_t kMaxShards = 64;  // threads beyond this share the last shard (still atomic)
    FamilyBase(std::string name, std::string help, std::string type, std::vector<std::string> labels);
    virtual ~FamilyBase() = default;
    void render(std::string& out) const;

protected:
    using Shards = std::vector<std::shared_ptr<void>>;
    // The calling thread's shard of the series of these label values.
    void* find(std::initializer_list<std::string_view> values);

private:
    struct Series {
        std::string labels;  // rendered: a="x",b="y"
        Shards shards;
    };
    virtual std::shared_ptr<void> make() = 0;
    virtual void render_one(std::string& out, const std::string& labels, const Shards& shards) const = 0;
    void* shard_of(const std::string& key, std::initializer_list<std::string_view> values);

    std::string name_, help_, type_;
    std::vector<std::string> labels_;
    uint32_t id_;
    mutable std::mutex mutex_;
    std::map<std::string, Series> series_;

protected:
    const std::string& name() const { return name_; }
};

template <class Metric>
class Family : public FamilyBase {
public:
    using FamilyBase::FamilyBase;
    // This thread's shard of the series of these label values (as many as the family's label
    // names), created on first use: for counting, not reading.
    Metric& at(std::initializer_list<std::string_view> values) { return *static_cast<Metric*>(find(values)); }

private:
    std::shared_ptr<void> make() override;
    void render_one(std::string& out, const std::string& labels, const Shards& shards) const override;
};

class HistogramFamily : public FamilyBase {
public:
    HistogramFamily(std::string name, std::string help, std::vector<std::string> labels,
                    const std::vector<double>& bounds);
    Histogram& at(std::initializer_list<std::string_view> values) { return *static_cast<Histogram*>(find(values)); }

private:
    std::shared_ptr<void> make() override;
    void render_one(std::string& out, const std::string& labels, const Shards& shards) const override;
    const std::vector<double>& bounds_;
};

template <class Metric>
std::shared_ptr<void> Family<Metric>::make() {
    return std::make_shared<Metric>();
}

template <class Metric>
void Family<Metric>::render_one(std::string& out, const std::string& labels, const Shards& shards) const {
    decltype(std::declval<Metric>().value()) total = 0;
    for (const auto& shard : shards) total += static_cast<const Metric*>(shard.get())->value();
    write_value(out, name(), labels, total);
}

class Registry {
public:
    void add(const FamilyBase* family);
    void render(std::string& out) const;

private:
    mutable std::mutex mutex_;
    std::vector<const FamilyBase*> families_;
};

// The process's registry.
Registry& registry();

}  // namespace gw::metrics
