#include "metrics/registry.hpp"

#include <charconv>
#include <unordered_map>

namespace gw::metrics {
namespace {

std::atomic<uint32_t> next_family_id{1};

struct ViewHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

void append_number(std::string& out, double v) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, ec == std::errc() ? end : buf);
}

void append_number(std::string& out, uint64_t v) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, end);
}

void append_number(std::string& out, int64_t v) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, end);
}

// name{labels} or name{labels,extra}, then the value.
void sample_head(std::string& out, std::string_view name, const std::string& labels, std::string_view extra = {}) {
    out.append(name);
    if (!labels.empty() || !extra.empty()) {
        out += '{';
        out += labels;
        if (!labels.empty() && !extra.empty()) out += ',';
        out.append(extra);
        out += '}';
    }
    out += ' ';
}

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

std::string escape_label(std::string_view value) {
    std::string s;
    s.reserve(value.size());
    for (char c : value) {
        if (c == '\\' || c == '"') s += '\\';
        if (c == '\n') {
            s += "\\n";
            continue;
        }
        s += c;
    }
    return s;
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

void write_value(std::string& out, std::string_view name, const std::string& labels, uint64_t value) {
    sample_head(out, name, labels);
    append_number(out, value);
    out += '\n';
}

void write_value(std::string& out, std::string_view name, const std::string& labels, int64_t value) {
    sample_head(out, name, labels);
    append_number(out, value);
    out += '\n';
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

void write_header(std::string& out, std::string_view name, std::string_view help, std::string_view type) {
    out.append("# HELP ").append(name).append(" ").append(help).append("\n# TYPE ").append(name).append(" ");
    out.append(type).append("\n");
}

void write_sample(std::string& out, std::string_view name,
                  const std::vector<std::pair<std::string, std::string>>& labels, double value) {
    std::string l;
    for (const auto& [k, v] : labels) l += (l.empty() ? "" : ",") + k + "=\"" + escape_label(v) + '"';
    sample_head(out, name, l);
    append_number(out, value);
    out += '\n';
}

}  // namespace gw::metrics
