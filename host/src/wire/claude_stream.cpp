// Claude Messages streams to and from hub chunks.
#include "common/json_bounded.hpp"
#include "wire/formats.hpp"
#include "wire/hub.hpp"
#include "wire/hub_maps.hpp"

#include <map>

namespace gw::wire {
namespace {

class ClaudeToHub final : public ToHub {
public:
    void feed(std::string_view event, std::string_view data, std::vector<json>& out) override {
        json j = parse_json(data);
        if (!j.is_object()) return;
        std::string type = str_of(j, "type");
        if (type.empty()) type = std::string(event);
        if (type == "message_start") return start(j, out);
        if (type == "content_block_start") return block_start(j, out);
        if (type == "content_block_delta") return block_delta(j, out);
        if (type == "message_delta") return message_delta(j, out);
        if (type == "message_stop") return stop(out);
    }

    void finish(std::vector<json>& out) override { stop(out); }

private:
    void start(const json& j, std::vector<json>& out) {
        const json* m = field(j, "message");
        if (!m) return;
        head_.id = str_of(*m, "id");
        head_.model = str_of(*m, "model");
        head_.created = unix_now();
        if (const json* u = field(*m, "usage")) usage_ = *u;
        out.push_back(head_.chunk({{"role", "assistant"}, {"content", ""}}));
    }

    void block_start(const json& j, std::vector<json>& out) {
        const json* b = field(j, "content_block");
        if (!b || str_of(*b, "type") != "tool_use") return;
        int index = tools_++;
        tool_index_[int_of(j, "index")] = index;
        json call = hub_call(str_of(*b, "id"), str_of(*b, "name"), "");
        call["index"] = index;
        out.push_back(head_.chunk({{"tool_calls", json::array({std::move(call)})}}));
    }

    void block_delta(const json& j, std::vector<json>& out) {
        const json* d = field(j, "delta");
        if (!d) return;
        std::string type = str_of(*d, "type");
        if (type == "text_delta") out.push_back(head_.chunk({{"content", str_of(*d, "text")}}));
        if (type == "thinking_delta") out.push_back(head_.chunk({{"reasoning_content", str_of(*d, "thinking")}}));
        if (type == "input_json_delta") {
            auto it = tool_index_.find(int_of(j, "index"));
            if (it == tool_index_.end()) return;
            json call = {{"index", it->second}, {"function", {{"arguments", str_of(*d, "partial_json")}}}};
            out.push_back(head_.chunk({{"tool_calls", json::array({std::move(call)})}}));
        }
    }

    void message_delta(const json& j, std::vector<json>& out) {
        if (const json* u = field(j, "usage"))
            for (const auto& [k, v] : u->items())
                if (!v.is_null()) usage_[k] = v;
        const json* d = field(j, "delta");
        if (d && field(*d, "stop_reason"))
            out.push_back(head_.chunk(json::object(), claude_stop_to_hub(str_of(*d, "stop_reason"))));
    }

    void stop(std::vector<json>& out) {
        if (stopped_ || head_.id.empty()) return;
        stopped_ = true;
        out.push_back(head_.usage_chunk(claude_usage_to_hub(usage_)));
    }

    HubStreamHead head_;
    json usage_ = json::object();
    std::map<int64_t, int> tool_index_;  // Claude block index -> hub tool-call index
    int tools_ = 0;
    bool stopped_ = false;
};

class HubToClaude final : public FromHub {
public:
    explicit HubToClaude(int64_t input_tokens) : input_tokens_(input_tokens) {}

    void feed(const json& chunk, std::vector<SseEvent>& out) override {
        if (!started_) start(chunk, out);
        ChunkView v = view_chunk(chunk);
        if (v.usage) usage_ = *v.usage;
        if (v.delta) delta(*v.delta, out);
        if (!v.finish.empty()) finish_ = v.finish;
    }

    void finish(std::vector<SseEvent>& out) override {
        if (!started_) start(json::object(), out);
        close_block(out);
        json usage = hub_usage_to_claude(usage_);
        send(out, "message_delta",
             {{"type", "message_delta"},
              {"delta", {{"stop_reason", hub_finish_to_claude(finish_)}, {"stop_sequence", nullptr}}},
              {"usage", usage}});
        send(out, "message_stop", {{"type", "message_stop"}});
    }

private:
    static void send(std::vector<SseEvent>& out, const char* event, const json& data) {
        out.push_back({event, dump(data)});
    }

    void start(const json& chunk, std::vector<SseEvent>& out) {
        started_ = true;
        std::string id = str_of(chunk, "id");
        json message = {{"id", id.rfind("msg_", 0) == 0 ? id : "msg_" + (id.empty() ? new_id("") : id)},
                        {"type", "message"},
                        {"role", "assistant"},
                        {"model", str_of(chunk, "model")},
                        {"content", json::array()},
                        {"stop_reason", nullptr},
                        {"stop_sequence", nullptr},
                        {"usage", {{"input_tokens", input_tokens_}, {"output_tokens", 1}}}};
        send(out, "message_start", {{"type", "message_start"}, {"message", std::move(message)}});
    }

    void open_block(std::vector<SseEvent>& out, const std::string& kind, json block) {
        close_block(out);
        open_ = kind;
        send(out, "content_block_start",
             {{"type", "content_block_start"}, {"index", index_}, {"content_block", std::move(block)}});
    }

    void close_block(std::vector<SseEvent>& out) {
        if (open_.empty()) return;
        if (open_ == "thinking")
            send(out, "content_block_delta",
                 {{"type", "content_block_delta"},
                  {"index", index_},
                  {"delta", {{"type", "signature_delta"}, {"signature", ""}}}});
        send(out, "content_block_stop", {{"type", "content_block_stop"}, {"index", index_}});
        open_.clear();
        ++index_;
    }

    void block_delta(std::vector<SseEvent>& out, json delta) {
        send(out, "content_block_delta",
             {{"type", "content_block_delta"}, {"index", index_}, {"delta", std::move(delta)}});
    }

    void delta(const json& d, std::vector<SseEvent>& out) {
        std::string reasoning = reasoning_of(d);
        if (!reasoning.empty()) {
            if (open_ != "thinking")
                open_block(out, "thinking", {{"type", "thinking"}, {"thinking", ""}, {"signature", ""}});
            block_delta(out, {{"type", "thinking_delta"}, {"thinking", reasoning}});
        }
        if (std::string text = str_of(d, "content"); !text.empty()) {
            if (open_ != "text") open_block(out, "text", {{"type", "text"}, {"text", ""}});
            block_delta(out, {{"type", "text_delta"}, {"text", text}});
        }
        if (const json* calls = field(d, "tool_calls"); calls && calls->is_array())
            for (const auto& call : *calls) tool_delta(call, out);
    }

    void tool_delta(const json& call, std::vector<SseEvent>& out) {
        int64_t index = int_of(call, "index");
        const json* fn = field(call, "function");
        if (open_ != "tool" || index != tool_) {
            tool_ = index;
            open_block(out, "tool",
                       {{"type", "tool_use"},
                        {"id", str_of(call, "id").empty() ? new_id("toolu_") : str_of(call, "id")},
                        {"name", fn ? str_of(*fn, "name") : ""},
                        {"input", json::object()}});
        }
        if (std::string args = fn ? str_of(*fn, "arguments") : ""; !args.empty())
            block_delta(out, {{"type", "input_json_delta"}, {"partial_json", args}});
    }

    int64_t input_tokens_;
    bool started_ = false;
    std::string open_;  // "", "text", "thinking" or "tool"
    int64_t index_ = 0, tool_ = -1;
    std::string finish_ = "stop";
    json usage_ = json::object();
};

}  // namespace

std::unique_ptr<ToHub> claude_to_hub_stream() {
    return std::make_unique<ClaudeToHub>();
}

std::unique_ptr<FromHub> hub_to_claude_stream(int64_t input_tokens) {
    return std::make_unique<HubToClaude>(input_tokens);
}

}  // namespace gw::wire
