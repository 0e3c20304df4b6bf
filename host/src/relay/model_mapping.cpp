#include "relay/model_mapping.hpp"

#include "common/json_bounded.hpp"

#include <nlohmann/json.hpp>

#include <set>

namespace gw::relay {

std::optional<std::string> map_model(const std::string& mapping_json, const std::string& model) {
    if (mapping_json.empty() || mapping_json == "{}") return model;
    auto m = parse_json(mapping_json);
    if (!m.is_object()) return model;
    std::string current = model;
    std::set<std::string> seen{current};
    for (;;) {
        auto it = m.find(current);
        if (it == m.end() || !it->is_string() || it->get<std::string>().empty() || *it == current) return current;
        current = it->get<std::string>();
        if (!seen.insert(current).second) return std::nullopt;
    }
}

}  // namespace gw::relay
