#include "relay/responses_policy.hpp"

#include "common/json_bounded.hpp"
#include "common/log.hpp"

#include <nlohmann/json.hpp>

namespace gw::relay {
namespace {

constexpr const char* kOption = "global.chat_completions_to_responses_policy";

template <class T>
void read_ints(const nlohmann::json& j, const char* key, std::set<T>& out) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_array()) return;
    for (const auto& v : *it)
        if (v.is_number_integer()) out.insert(v.get<T>());
}

bool flag(const nlohmann::json& j, const char* key, bool fallback) {
    auto it = j.find(key);
    return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

}  // namespace

std::shared_ptr<const ResponsesPolicy::Parsed> ResponsesPolicy::parse(const std::string& text) {
    auto p = std::make_shared<Parsed>();
    auto j = parse_json(text.empty() ? "{}" : text);
    if (!j.is_object()) return p;
    p->enabled = flag(j, "enabled", false);
    p->all_channels = flag(j, "all_channels", true);
    read_ints(j, "channel_ids", p->channel_ids);
    read_ints(j, "channel_types", p->channel_types);
    if (auto it = j.find("model_patterns"); it != j.end() && it->is_array())
        for (const auto& v : *it) {
            if (!v.is_string()) continue;
            try {
                p->model_patterns.emplace_back(v.get<std::string>());
            } catch (const std::regex_error&) {
                log::warn(std::string(kOption) + ": ignoring the invalid pattern " + v.get<std::string>());
            }
        }
    return p;
}

std::shared_ptr<const ResponsesPolicy::Parsed> ResponsesPolicy::current(const Options& options) {
    std::lock_guard lock(mutex_);
    if (options.snapshot() != from_) {
        parsed_ = parse(options.str(kOption));
        from_ = options.snapshot();
    }
    return parsed_;
}

bool ResponsesPolicy::applies(const Options& options, int64_t channel_id, int channel_type, const std::string& model) {
    auto p = current(options);
    if (!p->enabled) return false;
    if (!p->all_channels && !p->channel_ids.count(channel_id) && !p->channel_types.count(channel_type)) return false;
    for (const auto& re : p->model_patterns)
        if (std::regex_search(model, re)) return true;
    return false;
}

}  // namespace gw::relay
