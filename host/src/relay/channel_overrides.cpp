#include "relay/channel_overrides.hpp"

#include "common/strings.hpp"
#include "relay/body.hpp"
#include "store/entities.hpp"

#include <nlohmann/json.hpp>

namespace gw::relay {

namespace {

using nlohmann::json;

json object_of(const std::string& text) {
    if (text.empty()) return json::object();
    auto j = json::parse(text, nullptr, false);
    return j.is_object() ? j : json::object();
}

// Settings are written by people: a flag may arrive as true or "true"; a wrong type reads as unset.
bool flag_of(const json& o, const char* key) {
    auto it = o.find(key);
    if (it == o.end()) return false;
    return it->is_boolean() ? it->get<bool>() : it->is_string() && *it == "true";
}

std::string string_of(const json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void apply_system_prompt(json& body, const std::string& prompt, bool override_existing) {
    if (prompt.empty() || !body.contains("messages") || !body["messages"].is_array()) return;
    json& messages = body["messages"];
    auto is_system = [](const json& m) {
        auto role = m.find("role");
        return role != m.end() && role->is_string() && *role == "system";
    };
    if (!messages.empty() && messages[0].is_object() && is_system(messages[0])) {
        if (!override_existing) return;
        json& content = messages[0]["content"];
        if (content.is_string())
            content = prompt + "\n" + content.get<std::string>();
        else if (content.is_array())
            content.insert(content.begin(), json{{"type", "text"}, {"text", prompt}});
        return;
    }
    messages.insert(messages.begin(), json{{"role", "system"}, {"content", prompt}});
}

}  // namespace

std::shared_ptr<const std::string> upstream_body(const store::Channel& c, const RelayBody& body,
                                                 const std::string& upstream_model) {
    json setting = object_of(c.setting);
    if (flag_of(setting, "pass_through_body_enabled")) return body.bytes;
    std::string prompt = string_of(setting, "system_prompt");
    json params = object_of(c.param_override);
    params.erase("operations");  // the operations form is not applied; its keys must not leak in
    if (upstream_model == body.model && prompt.empty() && params.empty()) return body.bytes;
    json j = parse_document(body);
    if (!j.is_object()) return body.bytes;
    j["model"] = upstream_model;
    apply_system_prompt(j, prompt, flag_of(setting, "system_prompt_override"));
    for (const auto& [k, v] : params.items()) j[k] = v;
    return std::make_shared<const std::string>(j.dump(-1, ' ', false, json::error_handler_t::replace));
}

void override_headers(const store::Channel& c, const std::string& api_key,
                      const std::vector<std::pair<std::string, std::string>>& client_headers,
                      upstream::Headers& headers) {
    json overrides = object_of(c.header_override);
    for (const auto& [name, v] : overrides.items()) {
        if (!v.is_string()) continue;
        std::string value = v.get<std::string>();
        if (value.rfind("{client_header:", 0) == 0 && value.back() == '}') {
            std::string wanted = to_lower(value.substr(15, value.size() - 16));
            value.clear();
            for (const auto& [n, cv] : client_headers)
                if (n == wanted) value = cv;
            if (value.empty()) continue;  // the client did not send it: nothing to pass on
        }
        value = replace_all(value, "{api_key}", api_key);
        std::string lower = to_lower(name);
        std::erase_if(headers, [&lower](const auto& h) { return to_lower(h.first) == lower; });
        headers.emplace_back(name, value);
    }
}

int max_concurrency(const store::Channel& c) {
    if (c.setting.find("max_concurrency") == std::string::npos) return 0;
    json setting = object_of(c.setting);
    auto it = setting.find("max_concurrency");
    return it != setting.end() && it->is_number_integer() ? it->get<int>() : 0;
}

int mapped_status(const store::Channel& c, int status) {
    if (c.status_code_mapping.empty()) return status;
    json m = object_of(c.status_code_mapping);
    auto it = m.find(std::to_string(status));
    if (it == m.end()) return status;
    try {
        int to = it->is_string() ? std::stoi(it->get<std::string>()) : it->get<int>();
        return to >= 100 && to <= 599 ? to : status;
    } catch (const std::exception&) {
        return status;
    }
}

}  // namespace gw::relay
