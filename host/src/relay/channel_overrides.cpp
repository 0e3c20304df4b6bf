#include "relay/channel_overrides.hpp"

#include "common/json_bounded.hpp"
#include "common/strings.hpp"
#include "relay/body.hpp"
#include "relay/multipart.hpp"
#include "store/entities.hpp"
#include "wire/convert.hpp"

#include <nlohmann/json.hpp>

namespace gw::relay {

namespace {

using nlohmann::json;

json object_of(const std::string& text) {
    if (text.empty()) return json::object();
    auto j = parse_json(text);
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

// The system prompt where each dialect keeps it: Claude "system", Responses "instructions",
// Gemini "systemInstruction", chat a leading system message.
void apply_native_system_prompt(json& body, wire::Dialect d, const std::string& prompt, bool override_existing) {
    if (prompt.empty()) return;
    const char* key = d == wire::Dialect::claude      ? "system"
                      : d == wire::Dialect::responses ? "instructions"
                      : d == wire::Dialect::gemini    ? "systemInstruction"
                                                      : nullptr;
    if (!key) return apply_system_prompt(body, prompt, override_existing);
    if (d == wire::Dialect::gemini && !body.contains(key) && body.contains("system_instruction"))
        key = "system_instruction";
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) {
        body[key] = d == wire::Dialect::gemini ? json{{"parts", json::array({{{"text", prompt}}})}} : json(prompt);
        return;
    }
    if (!override_existing) return;
    if (it->is_string()) {
        *it = prompt + "\n" + it->get<std::string>();
    } else if (d == wire::Dialect::claude && it->is_array()) {
        it->insert(it->begin(), json{{"type", "text"}, {"text", prompt}});
    } else if (d == wire::Dialect::gemini && it->is_object() && (*it)["parts"].is_array()) {
        (*it)["parts"].insert((*it)["parts"].begin(), json{{"text", prompt}});
    }
}

}  // namespace

// A form upload keeps its bytes; only a mapped model name is written into its model field.
static std::shared_ptr<const std::string> multipart_body(const RelayBody& body, const std::string& upstream_model) {
    if (upstream_model == body.model) return body.bytes;
    auto form = parse_form(*body.bytes, body.media->boundary);
    if (!form || !form->find("model")) return body.bytes;
    return std::make_shared<const std::string>(replace_form_field(*body.bytes, *form, "model", upstream_model));
}

std::shared_ptr<const std::string> upstream_body(const store::Channel& c, const RelayBody& body,
                                                 const std::string& upstream_model, wire::Dialect upstream) {
    json setting = object_of(c.setting);
    if (flag_of(setting, "pass_through_body_enabled")) return body.bytes;
    if (body.media && body.media->multipart) return multipart_body(body, upstream_model);
    std::string prompt = string_of(setting, "system_prompt");
    bool prompt_override = flag_of(setting, "system_prompt_override");
    json params = object_of(c.param_override);
    params.erase("operations");  // the operations form is not applied; its keys must not leak in
    json j;
    if (upstream != body.dialect && body.api == GW_API_EMBEDDINGS) {
        wire::ConvertContext ctx;
        ctx.model = upstream_model;
        j = wire::embeddings_request(body.dialect, upstream, parse_document(body), ctx);
    } else if (upstream != body.dialect) {
        json hub = hub_request(body);
        hub["model"] = upstream_model;
        apply_system_prompt(hub, prompt, prompt_override);
        j = wire::request_from_hub(upstream, std::move(hub));
    } else {
        bool model_in_body = upstream != wire::Dialect::gemini;  // Gemini names the model in the URL
        if ((upstream_model == body.model || !model_in_body) && prompt.empty() && params.empty()) return body.bytes;
        j = parse_document(body);
        if (!j.is_object()) return body.bytes;
        if (model_in_body) j["model"] = upstream_model;
        apply_native_system_prompt(j, upstream, prompt, prompt_override);
    }
    for (const auto& [k, v] : params.items()) j[k] = v;
    return std::make_shared<const std::string>(j.dump(-1, ' ', false, json::error_handler_t::replace));
}

std::string channel_proxy(const store::Channel& c) {
    return string_of(object_of(c.setting), "proxy");
}

bool thinking_to_content(const store::Channel& c) {
    if (c.setting.find("thinking_to_content") == std::string::npos) return false;
    return flag_of(object_of(c.setting), "thinking_to_content");
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
