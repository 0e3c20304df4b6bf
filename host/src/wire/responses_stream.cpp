// OpenAI Responses streams to and from hub chunks. The Responses client SDKs rebuild the
// response from output_index/content_index, so items open and close strictly in order.
#include "common/json_bounded.hpp"
#include "wire/formats.hpp"
#include "wire/hub.hpp"
#include "wire/hub_maps.hpp"

#include <map>

namespace gw::wire {
namespace {

class ResponsesToHub final : public ToHub {
public:
    void feed(std::string_view event, std::string_view data, std::vector<json>& out) override {
        json j = parse_json(data);
        if (!j.is_object()) return;
        std::string type = str_of(j, "type");
        if (type.empty()) type = std::string(event);
        if (type == "response.created") return start(j, out);
        if (type == "response.output_item.added") return item_added(j, out);
        if (type == "response.output_text.delta") return out.push_back(head_.chunk({{"content", str_of(j, "delta")}}));
        if (type == "response.reasoning_summary_text.delta" || type == "response.reasoning_text.delta")
            return out.push_back(head_.chunk({{"reasoning_content", str_of(j, "delta")}}));
        if (type == "response.function_call_arguments.delta") return arguments(j, out);
        if (type == "response.completed" || type == "response.incomplete" || type == "response.failed")
            return done(j, out);
    }

private:
    void start(const json& j, std::vector<json>& out) {
        const json* r = field(j, "response");
        if (!r) return;
        head_.id = str_of(*r, "id");
        head_.model = str_of(*r, "model");
        head_.created = int_of(*r, "created_at");
        out.push_back(head_.chunk({{"role", "assistant"}, {"content", ""}}));
    }

    void item_added(const json& j, std::vector<json>& out) {
        const json* item = field(j, "item");
        if (!item || str_of(*item, "type") != "function_call") return;
        int index = static_cast<int>(calls_.size());
        calls_[str_of(*item, "id")] = index;
        json call = hub_call(str_of(*item, "call_id"), str_of(*item, "name"), "");
        call["index"] = index;
        out.push_back(head_.chunk({{"tool_calls", json::array({std::move(call)})}}));
    }

    void arguments(const json& j, std::vector<json>& out) {
        auto it = calls_.find(str_of(j, "item_id"));
        if (it == calls_.end()) return;
        json call = {{"index", it->second}, {"function", {{"arguments", str_of(j, "delta")}}}};
        out.push_back(head_.chunk({{"tool_calls", json::array({std::move(call)})}}));
    }

    void done(const json& j, std::vector<json>& out) {
        const json* r = field(j, "response");
        if (!r) return;
        json hub = responses_to_hub_response(*r);
        std::string finish = hub["choices"][0]["finish_reason"];
        if (!calls_.empty() && finish == "stop") finish = "tool_calls";
        out.push_back(head_.chunk(json::object(), finish));
        out.push_back(head_.usage_chunk(hub["usage"]));
    }

    HubStreamHead head_;
    std::map<std::string, int> calls_;  // item id -> hub tool-call index
};

class HubToResponses final : public FromHub {
public:
    explicit HubToResponses(std::shared_ptr<const ToolOrigins> tools) : tools_(std::move(tools)) {}

    void feed(const json& chunk, std::vector<SseEvent>& out) override {
        if (!started_) start(chunk, out);
        ChunkView v = view_chunk(chunk);
        if (v.usage) usage_ = *v.usage;
        if (!v.finish.empty()) finish_ = v.finish;
        const json* d = v.delta;
        if (!d) return;
        std::string reasoning = reasoning_of(*d);
        if (!reasoning.empty()) reasoning_delta(reasoning, out);
        if (std::string text = str_of(*d, "content"); !text.empty()) text_delta(text, out);
        if (const json* calls = field(*d, "tool_calls"); calls && calls->is_array())
            for (const auto& call : *calls) call_delta(call, out);
    }

    void finish(std::vector<SseEvent>& out) override {
        if (!started_) start(json::object(), out);
        close(out);
        json done = responses_object(head_, output_, finish_, usage_.is_null() ? json::object() : usage_);
        std::string type = done["status"] == "incomplete" ? "response.incomplete" : "response.completed";
        send(out, type, {{"response", std::move(done)}});
    }

private:
    void send(std::vector<SseEvent>& out, const std::string& type, json data) {
        data["type"] = type;
        data["sequence_number"] = seq_++;
        out.push_back({type, dump(data)});
    }

    void start(const json& chunk, std::vector<SseEvent>& out) {
        started_ = true;
        std::string id = str_of(chunk, "id");
        head_ = {id.rfind("resp_", 0) == 0 ? id : "resp_" + new_id(""), str_of(chunk, "model"),
                 int_of(chunk, "created") ? int_of(chunk, "created") : unix_now()};
        json r = responses_object(head_, json::array(), "", nullptr);
        send(out, "response.created", {{"response", r}});
        send(out, "response.in_progress", {{"response", std::move(r)}});
    }

    int64_t index() const { return static_cast<int64_t>(output_.size()); }

    void open(std::vector<SseEvent>& out, const std::string& kind, json item) {
        close(out);
        open_ = kind;
        item_ = std::move(item);
        send(out, "response.output_item.added", {{"output_index", index()}, {"item", item_}});
    }

    void reasoning_delta(const std::string& text, std::vector<SseEvent>& out) {
        if (open_ != "reasoning") {
            open(out, "reasoning", responses_reasoning_item(new_id("rs_"), ""));
            send(out, "response.reasoning_summary_part.added",
                 {{"item_id", item_["id"]},
                  {"output_index", index()},
                  {"summary_index", 0},
                  {"part", {{"type", "summary_text"}, {"text", ""}}}});
        }
        text_ += text;
        send(out, "response.reasoning_summary_text.delta",
             {{"item_id", item_["id"]}, {"output_index", index()}, {"summary_index", 0}, {"delta", text}});
    }

    void text_delta(const std::string& text, std::vector<SseEvent>& out) {
        if (open_ != "message") {
            open(out, "message", responses_message_item(new_id("msg_"), "", "in_progress"));
            send(out, "response.content_part.added",
                 {{"item_id", item_["id"]},
                  {"output_index", index()},
                  {"content_index", 0},
                  {"part", {{"type", "output_text"}, {"text", ""}, {"annotations", json::array()}}}});
        }
        text_ += text;
        send(out, "response.output_text.delta",
             {{"item_id", item_["id"]},
              {"output_index", index()},
              {"content_index", 0},
              {"delta", text},
              {"logprobs", json::array()}});
    }

    void call_delta(const json& call, std::vector<SseEvent>& out) {
        const json* fn = field(call, "function");
        int64_t i = int_of(call, "index");
        if (open_ != "call" || i != call_index_) {
            call_index_ = i;
            std::string call_id = str_of(call, "id").empty() ? new_id("call_") : str_of(call, "id");
            close(out);  // the previous call ends under its own name
            call_name_ = fn ? str_of(*fn, "name") : "";
            open(out, "call",
                 responses_call_output(tools_.get(), new_id("fc_"), call_id, call_name_, "", "in_progress"));
        }
        if (std::string args = fn ? str_of(*fn, "arguments") : ""; !args.empty()) {
            text_ += args;
            if (str_of(item_, "type") == "custom_tool_call") return;  // its input is sent whole when it closes
            send(out, "response.function_call_arguments.delta",
                 {{"item_id", item_["id"]}, {"output_index", index()}, {"delta", args}});
        }
    }

    void close(std::vector<SseEvent>& out) {
        if (open_.empty()) return;
        json id = item_["id"];
        if (open_ == "reasoning") {
            send(out, "response.reasoning_summary_text.done",
                 {{"item_id", id}, {"output_index", index()}, {"summary_index", 0}, {"text", text_}});
            send(out, "response.reasoning_summary_part.done",
                 {{"item_id", id},
                  {"output_index", index()},
                  {"summary_index", 0},
                  {"part", {{"type", "summary_text"}, {"text", text_}}}});
            item_ = responses_reasoning_item(id, text_);
        } else if (open_ == "message") {
            json part = {{"type", "output_text"}, {"text", text_}, {"annotations", json::array()}};
            send(out, "response.output_text.done",
                 {{"item_id", id},
                  {"output_index", index()},
                  {"content_index", 0},
                  {"text", text_},
                  {"logprobs", json::array()}});
            send(out, "response.content_part.done",
                 {{"item_id", id}, {"output_index", index()}, {"content_index", 0}, {"part", part}});
            item_ = responses_message_item(id, text_, "completed");
        } else {
            item_ = responses_call_output(tools_.get(), id, item_["call_id"], call_name_, text_, "completed");
            if (str_of(item_, "type") == "custom_tool_call")
                send(out, "response.custom_tool_call_input.done",
                     {{"item_id", id}, {"output_index", index()}, {"input", item_["input"]}});
            else
                send(out, "response.function_call_arguments.done",
                     {{"item_id", id}, {"output_index", index()}, {"arguments", text_}});
        }
        send(out, "response.output_item.done", {{"output_index", index()}, {"item", item_}});
        output_.push_back(std::move(item_));
        open_.clear();
        text_.clear();
    }

    std::shared_ptr<const ToolOrigins> tools_;
    std::string call_name_;  // the open call's name as the target gave it
    bool started_ = false;
    ResponsesHead head_;
    int64_t seq_ = 0, call_index_ = -1;
    std::string open_, text_, finish_ = "stop";  // open_: "", "reasoning", "message" or "call"
    json item_, output_ = json::array(), usage_;
};

}  // namespace

std::unique_ptr<ToHub> responses_to_hub_stream() {
    return std::make_unique<ResponsesToHub>();
}

std::unique_ptr<FromHub> hub_to_responses_stream(std::shared_ptr<const ToolOrigins> tools) {
    return std::make_unique<HubToResponses>(std::move(tools));
}

}  // namespace gw::wire
