#include "relay/compaction.hpp"

#include "store/cache.hpp"

namespace gw::relay {

bool is_compaction_path(std::string_view path) {
    return path == "/v1/responses/compact";
}

std::string compaction_model(const store::ChannelIndex& index, const std::string& group, const std::string& model) {
    std::string suffixed = without_compact_suffix(model) + std::string(kCompactSuffix);
    auto g = index.by_group_model.find(group);
    if (g != index.by_group_model.end()) {
        auto m = g->second.find(suffixed);
        if (m != g->second.end() && !m->second.empty()) return suffixed;
    }
    return without_compact_suffix(model);
}

std::string without_compact_suffix(std::string model) {
    if (model.size() > kCompactSuffix.size() &&
        std::string_view(model).substr(model.size() - kCompactSuffix.size()) == kCompactSuffix)
        model.resize(model.size() - kCompactSuffix.size());
    return model;
}

}  // namespace gw::relay
