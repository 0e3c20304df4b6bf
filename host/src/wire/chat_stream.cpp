// Chat completions chunks on both sides of the hub, with the thinking_to_content option.
#include "common/json_bounded.hpp"
#include "wire/formats.hpp"
#include "wire/hub.hpp"

namespace gw::wire {
namespace {

class ChatToHub final : public ToHub {
public:
    void feed(std::string_view, std::string_view data, std::vector<json>& out) override {
        if (data == "[DONE]") return;
        json j = parse_json(data);
        if (j.is_object()) out.push_back(std::move(j));
    }
};

class HubToChat final : public FromHub {
public:
    HubToChat(bool include_usage, bool think_tags) : include_usage_(include_usage), think_tags_(think_tags) {}

    void feed(const json& chunk, std::vector<SseEvent>& out) override {
        const json* choices = field(chunk, "choices");
        bool usage_only = !choices || !choices->is_array() || choices->empty();
        if (usage_only && !include_usage_) return;
        if (!think_tags_ || usage_only) return out.push_back({"", dump(chunk)});
        json c = chunk;
        json& choice = c["choices"][0];
        bool finishing = choice.contains("finish_reason") && choice["finish_reason"].is_string();
        if (choice.contains("delta") && choice["delta"].is_object()) retag(choice["delta"], finishing);
        out.push_back({"", dump(c)});
    }

    void finish(std::vector<SseEvent>&) override {}

private:
    // Reasoning deltas become content inside <think>…</think>, closed by the first content,
    // tool call or finish that follows.
    void retag(json& delta, bool finishing) {
        std::string reasoning = reasoning_of(delta);
        std::string content = str_of(delta, "content");
        std::string text;
        if (!reasoning.empty()) {
            text += thinking_ ? "" : "<think>\n";
            thinking_ = true;
            text += reasoning;
        }
        if (thinking_ && (!content.empty() || field(delta, "tool_calls") || finishing)) {
            text += "\n</think>\n";
            thinking_ = false;
        }
        text += content;
        delta.erase("reasoning_content");
        delta.erase("reasoning");
        if (!text.empty() || delta.contains("content")) delta["content"] = text;
    }

    bool include_usage_, think_tags_, thinking_ = false;
};

}  // namespace

std::unique_ptr<ToHub> chat_to_hub_stream() {
    return std::make_unique<ChatToHub>();
}

std::unique_ptr<FromHub> hub_to_chat_stream(bool include_usage, bool think_tags) {
    return std::make_unique<HubToChat>(include_usage, think_tags);
}

json reasoning_into_content(json hub) {
    if (!hub.contains("choices") || !hub["choices"].is_array()) return hub;
    for (auto& c : hub["choices"]) {
        json* m = c.contains("message") ? &c["message"] : nullptr;
        if (!m || !m->is_object()) continue;
        std::string reasoning = reasoning_of(*m);
        if (reasoning.empty()) continue;
        (*m)["content"] = "<think>\n" + reasoning + "\n</think>\n" + str_of(*m, "content");
        m->erase("reasoning_content");
        m->erase("reasoning");
    }
    return hub;
}

}  // namespace gw::wire
