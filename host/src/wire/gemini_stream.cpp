// Gemini streamGenerateContent (alt=sse) streams to and from hub chunks.
#include "common/json_bounded.hpp"
#include "wire/formats.hpp"
#include "wire/hub.hpp"
#include "wire/hub_maps.hpp"

#include <map>

namespace gw::wire {
namespace {

class GeminiToHub final : public ToHub {
public:
    explicit GeminiToHub(std::string model) { head_.model = std::move(model); }

    void feed(std::string_view, std::string_view data, std::vector<json>& out) override {
        json j = parse_json(data);
        if (!j.is_object()) return;
        if (!started_) start(j, out);
        if (const json* u = field(j, "usageMetadata")) usage_ = *u;
        const json* cands = field(j, "candidates");
        if (!cands || !cands->is_array() || cands->empty()) return;
        const json& c = (*cands)[0];
        GeminiParts parts = read_gemini_parts(candidate_parts(c), calls_, random_call_id);
        if (!parts.reasoning.empty()) out.push_back(head_.chunk({{"reasoning_content", parts.reasoning}}));
        if (!parts.text.empty()) out.push_back(head_.chunk({{"content", parts.text}}));
        if (!parts.tool_calls.empty()) out.push_back(head_.chunk({{"tool_calls", parts.tool_calls}}));
        if (std::string reason = str_of(c, "finishReason"); !reason.empty())
            out.push_back(head_.chunk(json::object(), gemini_finish_to_hub(reason, calls_ > 0)));
    }

    void finish(std::vector<json>& out) override {
        if (started_) out.push_back(head_.usage_chunk(gemini_usage_to_hub(usage_)));
    }

private:
    void start(const json& j, std::vector<json>& out) {
        started_ = true;
        head_.id = str_of(j, "responseId");
        if (head_.id.empty()) head_.id = new_id("chatcmpl-");
        if (std::string v = str_of(j, "modelVersion"); !v.empty()) head_.model = v;
        head_.created = unix_now();
        out.push_back(head_.chunk({{"role", "assistant"}, {"content", ""}}));
    }

    HubStreamHead head_;
    bool started_ = false;
    int calls_ = 0;
    json usage_ = json::object();
};

class HubToGemini final : public FromHub {
public:
    void feed(const json& chunk, std::vector<SseEvent>& out) override {
        if (id_.empty()) id_ = str_of(chunk, "id");
        if (model_.empty()) model_ = str_of(chunk, "model");
        ChunkView v = view_chunk(chunk);
        if (v.usage) usage_ = *v.usage;
        if (!v.finish.empty()) finish_ = v.finish;
        const json* d = v.delta;
        if (!d) return;
        if (const json* calls = field(*d, "tool_calls"); calls && calls->is_array())
            for (const auto& call : *calls) collect(call);
        json parts = gemini_candidate_parts(*d, false);
        if (!parts.empty()) out.push_back({"", dump(response(candidate(std::move(parts))))});
    }

    void finish(std::vector<SseEvent>& out) override {
        json parts = json::array();
        for (auto& [index, call] : calls_)
            parts.push_back({{"functionCall", {{"name", call.name}, {"args", parse_arguments(call.arguments)}}}});
        json c = candidate(std::move(parts));
        c["finishReason"] = hub_finish_to_gemini(finish_);
        json last = response(std::move(c));
        last["usageMetadata"] = hub_usage_to_gemini(usage_);
        out.push_back({"", dump(last)});
    }

private:
    struct Call {
        std::string name, arguments;
    };

    // Gemini sends each function call whole: argument fragments wait for the end of the stream.
    void collect(const json& call) {
        Call& c = calls_[int_of(call, "index")];
        if (const json* fn = field(call, "function")) {
            if (std::string name = str_of(*fn, "name"); !name.empty()) c.name = name;
            c.arguments += str_of(*fn, "arguments");
        }
    }

    static json candidate(json parts) {
        return {{"content", {{"role", "model"}, {"parts", std::move(parts)}}}, {"index", 0}};
    }

    json response(json c) const {
        return {{"candidates", json::array({std::move(c)})}, {"modelVersion", model_}, {"responseId", id_}};
    }

    std::string id_, model_, finish_ = "stop";
    std::map<int64_t, Call> calls_;
    json usage_ = json::object();
};

}  // namespace

std::unique_ptr<ToHub> gemini_to_hub_stream(const std::string& model) {
    return std::make_unique<GeminiToHub>(model);
}

std::unique_ptr<FromHub> hub_to_gemini_stream() {
    return std::make_unique<HubToGemini>();
}

}  // namespace gw::wire
