// Runtime options (the options table) with New API's defaults for keys not stored yet.
#pragma once

#include "store/cache.hpp"

#include <map>
#include <set>
#include <string>

namespace gw {

const std::map<std::string, std::string>& option_defaults();
// ModelRatio, CompletionRatio, CacheRatio, CreateCacheRatio, ModelPrice from config/prices.json.
const std::map<std::string, std::string>& price_defaults();

// The plugin ids an operator turned off (option PluginsDisabled, a JSON array).
std::set<std::string> disabled_plugins(const store::Cache& cache);

// Typed reads of the current options snapshot.
class Options {
public:
    explicit Options(const store::Cache& cache) : cache_(cache), snapshot_(cache.options()) {}
    std::string str(const std::string& key) const;
    double number(const std::string& key) const;
    bool flag(const std::string& key) const;
    bool setup_done() const { return cache_.setup_done(); }
    // The snapshot read: its identity changes whenever an option does.
    const std::shared_ptr<const std::map<std::string, std::string>>& snapshot() const { return snapshot_; }

private:
    const store::Cache& cache_;
    std::shared_ptr<const std::map<std::string, std::string>> snapshot_;
};

}  // namespace gw
