// What a model costs, from the price options (ModelRatio, CompletionRatio, CacheRatio,
// CreateCacheRatio, ModelPrice, GroupRatio) or, while an option is unset, the default tables
// compiled from config/prices.json. Rebuilt only when the options change.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace gw::store {
class Cache;
}

namespace gw::billing {

struct ModelPrice {
    bool per_call = false;  // ModelPrice: a fixed USD amount per call, which wins over ratios
    double price = 0;
    double model_ratio = 0, completion_ratio = 1, cache_ratio = 1, create_cache_ratio = 1.25;
    double audio_ratio = 1, audio_completion_ratio = 1;  // AudioRatio, AudioCompletionRatio
};

class PriceBook {
public:
    // From an options map (absent keys fall back to the defaults).
    explicit PriceBook(const std::map<std::string, std::string>& options);
    // The book for the cache's current options, shared until they change.
    static std::shared_ptr<const PriceBook> current(const store::Cache& cache);

    // Exact name, then a trailing-* wildcard key, then the name without a reasoning-effort
    // suffix (-high, -medium, -low, -minimal) or the compaction suffix (-openai-compact). Unpriced: nullopt, unless
    // self-use mode prices it at ratio 37.5 as New API does.
    std::optional<ModelPrice> lookup(const std::string& model) const;
    double group_ratio(const std::string& group) const;
    // The ratio a user of `user_group` pays in `using_group` (the token's group): New API's
    // GroupGroupRatio[user_group][using_group] when set, else GroupRatio[using_group].
    double group_ratio(const std::string& user_group, const std::string& using_group) const;
    int64_t quota_per_unit() const { return quota_per_unit_; }
    int64_t pre_consumed_tokens() const { return pre_consumed_tokens_; }

private:
    // Exact names hashed; the few trailing-* keys apart, so a miss does not scan the table.
    struct Table {
        std::unordered_map<std::string, double> exact;
        std::vector<std::pair<std::string, double>> prefixes;
        const double* find(const std::string& model) const;
    };
    static Table table_of(const std::map<std::string, double>& entries);
    std::optional<ModelPrice> lookup_exact(const std::string& model) const;

    Table model_ratio_, completion_ratio_, cache_ratio_, create_cache_ratio_, model_price_, audio_ratio_,
        audio_completion_ratio_;
    std::map<std::string, double> group_ratio_;
    std::map<std::string, std::map<std::string, double>> group_group_ratio_;
    bool self_use_ = false;
    int64_t quota_per_unit_ = 500000, pre_consumed_tokens_ = 500;
};

}  // namespace gw::billing
