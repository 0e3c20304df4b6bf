#include "billing/price_book.hpp"

#include "billing/default_prices.hpp"
#include "common/json_bounded.hpp"
#include "store/cache.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <atomic>
#include <mutex>

namespace gw::billing {

namespace {

using nlohmann::json;

const json& defaults() {
    static const json d = json::parse(default_prices_json());
    return d;
}

// A JSON object of numbers; malformed entries are skipped (the option API validates on write).
std::map<std::string, double> table(const std::map<std::string, std::string>& options, const std::string& key,
                                    const json& fallback) {
    json j = fallback;
    if (auto it = options.find(key); it != options.end()) j = parse_json(it->second);
    std::map<std::string, double> out;
    if (!j.is_object()) return out;
    for (const auto& [name, v] : j.items())
        if (v.is_number()) out[name] = v.get<double>();
    return out;
}

// GroupGroupRatio: {"user group": {"using group": ratio}}; malformed entries are skipped.
std::map<std::string, std::map<std::string, double>> nested_table(const std::map<std::string, std::string>& options,
                                                                  const std::string& key) {
    std::map<std::string, std::map<std::string, double>> out;
    auto it = options.find(key);
    json j = it == options.end() ? json::object() : parse_json(it->second);
    if (!j.is_object()) return out;
    for (const auto& [user_group, row] : j.items())
        if (row.is_object())
            for (const auto& [using_group, v] : row.items())
                if (v.is_number()) out[user_group][using_group] = v.get<double>();
    return out;
}

double number(const std::map<std::string, std::string>& options, const std::string& key, double fallback) {
    auto it = options.find(key);
    if (it == options.end() || it->second.empty()) return fallback;
    char* end = nullptr;
    double v = std::strtod(it->second.c_str(), &end);
    return end && *end == '\0' ? v : fallback;
}

}  // namespace

PriceBook::PriceBook(const std::map<std::string, std::string>& o) {
    const json& d = defaults();
    model_ratio_ = table_of(table(o, "ModelRatio", d["ModelRatio"]));
    completion_ratio_ = table_of(table(o, "CompletionRatio", d["CompletionRatio"]));
    cache_ratio_ = table_of(table(o, "CacheRatio", d["CacheRatio"]));
    create_cache_ratio_ = table_of(table(o, "CreateCacheRatio", d["CreateCacheRatio"]));
    model_price_ = table_of(table(o, "ModelPrice", d["ModelPrice"]));
    audio_ratio_ = table_of(table(o, "AudioRatio", d["AudioRatio"]));
    audio_completion_ratio_ = table_of(table(o, "AudioCompletionRatio", d["AudioCompletionRatio"]));
    group_ratio_ = table(o, "GroupRatio", json{{"default", 1}, {"vip", 1}, {"svip", 1}});
    group_group_ratio_ = nested_table(o, "GroupGroupRatio");
    auto self_use = o.find("SelfUseModeEnabled");
    self_use_ = self_use != o.end() && self_use->second == "true";
    quota_per_unit_ = static_cast<int64_t>(number(o, "QuotaPerUnit", 500000));
    pre_consumed_tokens_ = static_cast<int64_t>(number(o, "PreConsumedQuota", 500));
}

std::shared_ptr<const PriceBook> PriceBook::current(const store::Cache& cache) {
    struct Built {
        std::shared_ptr<const std::map<std::string, std::string>> from;
        std::shared_ptr<const PriceBook> book;
    };
    static std::atomic<std::shared_ptr<const Built>> latest;
    auto options = cache.options();
    auto built = latest.load();
    if (built && built->from == options) return built->book;
    auto fresh = std::make_shared<const Built>(Built{options, std::make_shared<const PriceBook>(*options)});
    latest.store(fresh);
    return fresh->book;
}

PriceBook::Table PriceBook::table_of(const std::map<std::string, double>& entries) {
    Table t;
    for (const auto& [key, v] : entries) {
        if (!key.empty() && key.back() == '*')
            t.prefixes.emplace_back(key.substr(0, key.size() - 1), v);
        else
            t.exact.emplace(key, v);
    }
    return t;
}

const double* PriceBook::Table::find(const std::string& model) const {
    if (auto it = exact.find(model); it != exact.end()) return &it->second;
    for (const auto& [prefix, v] : prefixes)
        if (model.compare(0, prefix.size(), prefix) == 0) return &v;
    return nullptr;
}

std::optional<ModelPrice> PriceBook::lookup_exact(const std::string& model) const {
    ModelPrice p;
    if (const double* price = model_price_.find(model)) {
        p.per_call = true;
        p.price = *price;
        return p;
    }
    const double* ratio = model_ratio_.find(model);
    if (!ratio) return std::nullopt;
    p.model_ratio = *ratio;
    if (const double* c = completion_ratio_.find(model)) p.completion_ratio = *c;
    if (const double* c = cache_ratio_.find(model)) p.cache_ratio = *c;
    if (const double* c = create_cache_ratio_.find(model)) p.create_cache_ratio = *c;
    if (const double* c = audio_ratio_.find(model)) p.audio_ratio = *c;
    if (const double* c = audio_completion_ratio_.find(model)) p.audio_completion_ratio = *c;
    return p;
}

std::optional<ModelPrice> PriceBook::lookup(const std::string& model) const {
    if (auto p = lookup_exact(model)) return p;
    static const std::array<std::string, 5> suffixes = {"-minimal", "-low", "-medium", "-high", "-openai-compact"};
    for (const auto& s : suffixes)
        if (model.size() > s.size() && model.compare(model.size() - s.size(), s.size(), s) == 0)
            if (auto p = lookup_exact(model.substr(0, model.size() - s.size()))) return p;
    if (!self_use_) return std::nullopt;
    ModelPrice p;
    p.model_ratio = 37.5;
    return p;
}

double PriceBook::group_ratio(const std::string& group) const {
    auto it = group_ratio_.find(group);
    return it == group_ratio_.end() ? 1.0 : it->second;
}

double PriceBook::group_ratio(const std::string& user_group, const std::string& using_group) const {
    if (auto row = group_group_ratio_.find(user_group); row != group_group_ratio_.end())
        if (auto it = row->second.find(using_group); it != row->second.end()) return it->second;
    return group_ratio(using_group);
}

}  // namespace gw::billing
