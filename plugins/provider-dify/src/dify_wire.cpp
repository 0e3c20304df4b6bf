#include "dify_wire.hpp"

#include <ctime>

namespace dify_plugin {

namespace {

using nlohmann::json;

std::string str(const json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A message's text: a string, or its text parts joined.
std::string text_of(const json& content) {
    if (content.is_string()) return content.get<std::string>();
    std::string out;
    if (content.is_array())
        for (const auto& p : content)
            if (p.is_object() && str(p, "type") == "text") out += str(p, "text");
    return out;
}

void add_user_parts(const json& content, std::string& query, json& files) {
    if (content.is_string()) {
        query += "USER: \n" + content.get<std::string>() + "\n";
        return;
    }
    if (!content.is_array()) return;
    for (const auto& p : content) {
        if (!p.is_object()) continue;
        std::string type = str(p, "type");
        if (type == "text") query += "USER: \n" + str(p, "text") + "\n";
        if (type != "image_url") continue;
        const json& iu = p.contains("image_url") ? p["image_url"] : json();
        std::string url = iu.is_string() ? iu.get<std::string>() : iu.is_object() ? str(iu, "url") : "";
        // Inline (data:) images would need an upload to Dify first; remote ones are fetched by Dify.
        if (url.rfind("http", 0) == 0)
            files.push_back({{"type", "image"}, {"transfer_method", "remote_url"}, {"url", url}});
    }
}

json chunk_with(const std::string& model, json delta, json finish = nullptr) {
    return {
        {"id", "chatcmpl-dify"},
        {"object", "chat.completion.chunk"},
        {"created", static_cast<int64_t>(std::time(nullptr))},
        {"model", model},
        {"choices", json::array({{{"index", 0}, {"delta", std::move(delta)}, {"finish_reason", std::move(finish)}}})}};
}

// Dify's collapsible "Thinking..." block, as the <think> tags chat clients know.
std::string answer_text(std::string answer) {
    if (answer.rfind("<details", 0) == 0 && answer.find("<summary> Thinking... </summary>") != std::string::npos)
        return "<think>";
    if (answer == "</details>") return "</think>";
    return answer;
}

}  // namespace

json dify_request(const json& chat, const std::string& fallback_user) {
    std::string query;
    json files = json::array();
    if (auto ms = chat.find("messages"); ms != chat.end() && ms->is_array())
        for (const auto& m : *ms) {
            std::string role = str(m, "role");
            const json content = m.contains("content") ? m["content"] : json("");
            if (role == "system" || role == "developer")
                query += "SYSTEM: \n" + text_of(content) + "\n";
            else if (role == "assistant")
                query += "ASSISTANT: \n" + text_of(content) + "\n";
            else
                add_user_parts(content, query, files);
        }
    bool stream = chat.contains("stream") && chat["stream"].is_boolean() && chat["stream"].get<bool>();
    std::string user = str(chat, "user");
    return {{"inputs", json::object()},
            {"query", query},
            {"response_mode", stream ? "streaming" : "blocking"},
            {"user", user.empty() ? fallback_user : user},
            {"files", std::move(files)},
            {"auto_generate_name", false}};
}

json usage_of(const json& event) {
    const json* u = nullptr;
    if (auto md = event.find("metadata"); md != event.end() && md->is_object())
        if (auto it = md->find("usage"); it != md->end() && it->is_object()) u = &*it;
    json out = {{"prompt_tokens", 0}, {"completion_tokens", 0}, {"total_tokens", 0}};
    if (!u) return out;
    for (const char* k : {"prompt_tokens", "completion_tokens", "total_tokens"})
        if (auto it = u->find(k); it != u->end() && it->is_number_integer()) out[k] = *it;
    return out;
}

json chat_completion(const json& answer, const std::string& model) {
    json message = {{"role", "assistant"}, {"content", str(answer, "answer")}};
    std::string id = str(answer, "conversation_id");
    return {{"id", id.empty() ? "chatcmpl-dify" : id},
            {"object", "chat.completion"},
            {"created", static_cast<int64_t>(std::time(nullptr))},
            {"model", model},
            {"choices", json::array({{{"index", 0}, {"message", message}, {"finish_reason", "stop"}}})},
            {"usage", usage_of(answer)}};
}

json chat_chunk(const json& event, const std::string& model, bool debug) {
    std::string type = str(event, "event");
    if (type == "message" || type == "agent_message")
        return chunk_with(model, {{"content", answer_text(str(event, "answer"))}});
    bool workflow = type.rfind("workflow_", 0) == 0, node = type.rfind("node_", 0) == 0;
    if (!debug || (!workflow && !node)) return nullptr;
    const json data = event.contains("data") && event["data"].is_object() ? event["data"] : json::object();
    std::string text = workflow ? "Workflow: " + str(data, "workflow_id") : "Node: " + str(data, "node_type");
    if (type == "workflow_finished" || type == "node_finished") text += " " + str(data, "status");
    return chunk_with(model, {{"reasoning_content", text + "\n"}});
}

}  // namespace dify_plugin
