#include "relay/channel_selector.hpp"

#include <algorithm>
#include <cctype>
#include <numeric>

namespace gw::relay {
namespace {

// New API lists thinking-budget variants once: "gemini-2.5-flash-thinking-*" serves
// "gemini-2.5-flash-thinking-8192".
std::string budget_wildcard(const std::string& model) {
    size_t dash = model.rfind('-');
    if (dash == std::string::npos || dash + 1 == model.size()) return {};
    if (!std::all_of(model.begin() + static_cast<std::ptrdiff_t>(dash) + 1, model.end(), ::isdigit)) return {};
    if (!model.substr(0, dash).ends_with("-thinking")) return {};
    return model.substr(0, dash) + "-*";
}

}  // namespace

std::shared_ptr<const store::Channel> select_channel(const store::ChannelIndex& index, const std::string& group,
                                                     const std::string& model, const std::set<int64_t>& exclude,
                                                     int retry, std::mt19937_64& rng) {
    const store::ChannelIndex::List* list = index.find(group, model);
    if (!list)
        if (std::string wildcard = budget_wildcard(model); !wildcard.empty()) list = index.find(group, wildcard);
    if (!list) return nullptr;
    std::vector<int64_t> levels;  // distinct priorities, highest first (the list is sorted)
    for (const auto& c : *list)
        if (levels.empty() || levels.back() != c->priority) levels.push_back(c->priority);
    auto tier_at = [&](int64_t level) {
        std::vector<std::shared_ptr<const store::Channel>> tier;
        for (const auto& c : *list)
            if (c->priority == level && !exclude.count(c->id)) tier.push_back(c);
        return tier;
    };
    // Retry N aims at priority level N; a level whose channels were all tried gives way to the
    // next lower one, and only when none is left below to the nearest one above.
    size_t aim = std::min<size_t>(static_cast<size_t>(std::max(retry, 0)), levels.size() - 1);
    std::vector<std::shared_ptr<const store::Channel>> tier;
    for (size_t i = aim; i < levels.size() && tier.empty(); ++i) tier = tier_at(levels[i]);
    for (size_t i = aim; i-- > 0 && tier.empty();) tier = tier_at(levels[i]);
    if (tier.empty()) return nullptr;
    std::vector<int64_t> weights;
    for (const auto& c : tier) weights.push_back(std::max<int64_t>(c->weight, 0));
    int64_t sum = std::accumulate(weights.begin(), weights.end(), int64_t{0});
    if (sum == 0)
        std::fill(weights.begin(), weights.end(), 100);  // all zero: equal chances
    else if (sum < 10 * static_cast<int64_t>(weights.size()))
        for (auto& w : weights) w *= 100;  // small weights: smooth as New API does
    std::discrete_distribution<size_t> pick(weights.begin(), weights.end());
    return tier[pick(rng)];
}

}  // namespace gw::relay
