#include "metrics/registry.hpp"

#include <unordered_map>

namespace gw::metrics {
namespace {

std::atomic<uint32_t> next_family_id{1};

struct ViewHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

}  // namespace

Histogram::Histogram(const std::vector<double>& bounds)
    : bounds_(bounds), buckets_(new std::atomic<uint64_t>[bounds.size() + 1]) {
    for (size_t i = 0; i <= bounds.size(); ++i) buckets_[i].store(0, std::memory_order_relaxed);
}

void Histogram::observe(double value) {
    size_t i = 0;
    while (i < bounds_.size() && value > bounds_[i]) ++i;
    buckets_[i].fetch_add(1, std::memory_order_relaxed);
    sum_.fetch_add(value, std::memory_order_relaxed);
}

const std::vector<double>& latency_buckets() {
    static const std::vector<double> b = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                          1,     2.5,    5,     10,   30,    60,   120, 300};
    return b;
}

FamilyBase::FamilyBase(std::string name, std::string help, std::string type, std::vector<std::string> labels)
    : name_(std::move(name)),
      help_(std::move(help)),
      type_(std::move(type)),
      labels_(std::move(labels)),
      id_(next_family_id.fetch_add(1)) {}

void* FamilyBase::find(std::initializer_list<std::string_view> values) {
    thread_local std::string key;
    thread_local std::unordered_map<std::string, void*, ViewHash, std::equal_to<>> local;
    key.assign(reinterpret_cast<const char*>(&id_), sizeof id_);
    size_t n = 0;
    for (std::string_view v : values) {
        if (n++ == labels_.size()) break;  // values beyond the label names are ignored
        key.append(v);
        key += '\x1f';
    }
    if (auto it = local.find(std::string_view(key)); it != local.end()) return it->second;
    if (local.size() > 4 * kMaxSeries) local.clear();  // client-chosen values must not grow it forever
    void* shard = shard_of(key, values);
    local.emplace(key, shard);
    return shard;
}

// A new shard for this thread (a thread asks once per series, then remembers it).
void* FamilyBase::shard_of(const std::string& key, std::initializer_list<std::string_view> values) {
    std::lock_guard lock(mutex_);
    auto it = series_.find(key);
    if (it == series_.end()) {
        bool overflow = series_.size() >= kMaxSeries;
        std::string labels;
        size_t i = 0;
        for (std::string_view v : values) {
            if (i >= labels_.size()) break;
            labels += (i ? "," : "") + labels_[i] + "=\"" + (overflow ? std::string("_other_") : escape_label(v)) + '"';
            ++i;
        }
        it = series_.try_emplace(overflow ? std::string("\x1f_other_") : key, Series{labels, {}}).first;
    }
    Shards& shards = it->second.shards;
    if (shards.size() < kMaxShards) shards.push_back(make());
    return shards.back().get();
}

void FamilyBase::render(std::string& out) const {
    write_header(out, name_, help_, type_);
    std::lock_guard lock(mutex_);
    for (const auto& [key, s] : series_) render_one(out, s.labels, s.shards);
}

HistogramFamily::HistogramFamily(std::string name, std::string help, std::vector<std::string> labels,
                                 const std::vector<double>& bounds)
    : FamilyBase(std::move(name), std::move(help), "histogram", std::move(labels)), bounds_(bounds) {}

std::shared_ptr<void> HistogramFamily::make() {
    return std::make_shared<Histogram>(bounds_);
}

void HistogramFamily::render_one(std::string& out, const std::string& labels, const Shards& shards) const {
    auto each = [&shards](auto fn) {
        for (const auto& shard : shards) fn(*static_cast<const Histogram*>(shard.get()));
    };
    const std::string bucket = name() + "_bucket";
    uint64_t cumulative = 0;
    double sum = 0;
    each([&sum](const Histogram& h) { sum += h.sum(); });
    for (size_t i = 0; i <= bounds_.size(); ++i) {
        each([&cumulative, i](const Histogram& h) { cumulative += h.bucket(i); });
        std::string le = "le=\"";
        if (i < bounds_.size())
            append_number(le, bounds_[i]);
        else
            le += "+Inf";
        le += '"';
        sample_head(out, bucket, labels, le);
        append_number(out, cumulative);
        out += '\n';
    }
    sample_head(out, name() + "_sum", labels);
    append_number(out, sum);
    out += '\n';
    sample_head(out, name() + "_count", labels);
    append_number(out, cumulative);
    out += '\n';
}

void Registry::add(const FamilyBase* family) {
    std::lock_guard lock(mutex_);
    families_.push_back(family);
}

void Registry::render(std::string& out) const {
    std::lock_guard lock(mutex_);
    for (const FamilyBase* f : families_) f->render(out);
}

Registry& registry() {
    static Registry r;
    return r;
}

}  // namespace gw::metrics
