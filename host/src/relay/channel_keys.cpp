#include "relay/channel_keys.hpp"

#include "common/json_bounded.hpp"
#include "common/strings.hpp"
#include "store/entities.hpp"

#include <nlohmann/json.hpp>

#include <mutex>
#include <unordered_map>

namespace gw::relay {

using nlohmann::json;

std::vector<std::string> all_keys(const std::string& text) {
    auto arr = parse_json(text);
    std::vector<std::string> keys;
    if (arr.is_array()) {
        for (const auto& k : arr) keys.push_back(k.is_string() ? k.get<std::string>() : k.dump());
        return keys;
    }
    for (auto& k : split_trimmed(text, '\n')) keys.push_back(k);
    return keys;
}

std::string first_key(const std::string& keys) {
    auto all = all_keys(keys);
    return all.empty() ? std::string() : all.front();
}

namespace {

template <typename T>
std::map<int, T> index_map(const json& j) {
    std::map<int, T> out;
    if (!j.is_object()) return out;
    for (const auto& [k, v] : j.items()) {
        try {
            out[std::stoi(k)] = v.template get<T>();
        } catch (const std::exception&) {
        }
    }
    return out;
}

template <typename T>
json index_json(const std::map<int, T>& m) {
    json j = json::object();
    for (const auto& [k, v] : m) j[std::to_string(k)] = v;
    return j;
}

}  // namespace

MultiKeyInfo multi_key_info(const std::string& channel_info) {
    MultiKeyInfo info;
    if (channel_info.find("is_multi_key") == std::string::npos) return info;  // the common case, unparsed
    auto j = parse_json(channel_info);
    if (!j.is_object()) return info;
    auto multi = j.find("is_multi_key");
    info.multi = multi != j.end() && multi->is_boolean() && multi->get<bool>();
    auto mode = j.find("multi_key_mode");
    if (mode != j.end() && mode->is_string()) info.mode = mode->get<std::string>();
    if (j.contains("multi_key_status_list")) info.status = index_map<int>(j["multi_key_status_list"]);
    if (j.contains("multi_key_disabled_reason")) info.reason = index_map<std::string>(j["multi_key_disabled_reason"]);
    if (j.contains("multi_key_disabled_time")) info.time = index_map<int64_t>(j["multi_key_disabled_time"]);
    return info;
}

std::string with_multi_key_info(const std::string& channel_info, const MultiKeyInfo& info) {
    auto j = parse_json(channel_info.empty() ? "{}" : channel_info);
    if (!j.is_object()) j = json::object();
    j["is_multi_key"] = info.multi;
    j["multi_key_mode"] = info.mode;
    j["multi_key_status_list"] = index_json(info.status);
    j["multi_key_disabled_reason"] = index_json(info.reason);
    j["multi_key_disabled_time"] = index_json(info.time);
    return j.dump();
}

KeyChoice pick_key(const store::Channel& c, std::mt19937_64& rng) {
    MultiKeyInfo info = multi_key_info(c.channel_info);
    if (!info.multi) return {first_key(c.key), -1};
    auto keys = all_keys(c.key);
    std::vector<int> enabled;
    for (int i = 0; i < static_cast<int>(keys.size()); ++i)
        if (!info.status.count(i) || info.status[i] == 1) enabled.push_back(i);
    if (enabled.empty()) return {"", -1};
    size_t at;
    if (info.mode == "polling") {
        static std::mutex mutex;  // the round-robin position survives snapshot reloads
        static std::unordered_map<int64_t, uint64_t> next;
        std::lock_guard lock(mutex);
        at = next[c.id]++ % enabled.size();
    } else {
        at = std::uniform_int_distribution<size_t>(0, enabled.size() - 1)(rng);
    }
    int index = enabled[at];
    return {keys[static_cast<size_t>(index)], index};
}

}  // namespace gw::relay
