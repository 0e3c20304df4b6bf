// Gemini generateContent requests to and from the hub. Gemini accepts camelCase and snake_case
// field names; both are read, camelCase is written.
#include "common/json_bounded.hpp"
#include "wire/formats.hpp"
#include "wire/hub.hpp"
#include "wire/hub_maps.hpp"

#include <map>

namespace gw::wire {
namespace {

// Gemini schemas may spell types in upper case ("OBJECT"); JSON Schema wants lower case.
json lower_schema_types(json s) {
    if (s.is_object()) {
        for (auto& [k, v] : s.items()) {
            if (k == "type" && v.is_string()) {
                std::string t = v.get<std::string>();
                for (auto& ch : t) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
                v = t;
            } else {
                v = lower_schema_types(std::move(v));
            }
        }
    } else if (s.is_array()) {
        for (auto& v : s) v = lower_schema_types(std::move(v));
    }
    return s;
}

// Keywords Gemini's schema subset rejects.
json clean_schema_for_gemini(json s) {
    if (s.is_object()) {
        for (const char* k : {"$schema", "additionalProperties", "strict", "$id", "$ref", "definitions", "$defs"})
            s.erase(k);
        for (auto& [k, v] : s.items())
            if (k != "enum" && k != "required") v = clean_schema_for_gemini(std::move(v));
    } else if (s.is_array()) {
        for (auto& v : s) v = clean_schema_for_gemini(std::move(v));
    }
    return s;
}

json part_to_hub(const json& p) {
    if (const json* t = field(p, "text")) return {{"type", "text"}, {"text", *t}};
    if (const json* d = field2(p, "inlineData", "inline_data"))
        return {
            {"type", "image_url"},
            {"image_url",
             {{"url", "data:" + str_of(*d, "mimeType") + str_of(*d, "mime_type") + ";base64," + str_of(*d, "data")}}}};
    if (const json* f = field2(p, "fileData", "file_data"))
        return {{"type", "image_url"}, {"image_url", {{"url", str_of(*f, "fileUri") + str_of(*f, "file_uri")}}}};
    return nullptr;
}

struct GeminiToHub {
    json messages = json::array();
    std::map<std::string, std::vector<std::string>> open_calls;  // function name -> unanswered call ids
    int calls = 0;

    void model_turn(const json& parts) {
        GeminiParts g = read_gemini_parts(parts, calls, [](int n) { return "call_" + std::to_string(n); });
        for (auto& call : g.tool_calls) {
            open_calls[call["function"]["name"].get<std::string>()].push_back(call["id"]);
            call.erase("index");
        }
        messages.push_back(hub_assistant(g.text, g.reasoning, g.tool_calls));
    }

    // A function response answers the oldest open call of that name.
    std::string answer_id(const json& fr) {
        if (std::string id = str_of(fr, "id"); !id.empty()) return id;
        auto& open = open_calls[str_of(fr, "name")];
        if (open.empty()) return "call_" + std::to_string(++calls);
        std::string id = open.front();
        open.erase(open.begin());
        return id;
    }

    void user_turn(const json& parts) {
        json content = json::array();
        for (const auto& p : parts) {
            if (const json* fr = field2(p, "functionResponse", "function_response")) {
                const json* r = field(*fr, "response");
                messages.push_back(
                    {{"role", "tool"}, {"tool_call_id", answer_id(*fr)}, {"content", dump(r ? *r : json::object())}});
            } else if (json part = part_to_hub(p); !part.is_null()) {
                content.push_back(std::move(part));
            }
        }
        if (!content.empty()) messages.push_back({{"role", "user"}, {"content", std::move(content)}});
    }
};

json tools_to_hub(const json& tools) {
    json list = json::array();
    for (const auto& t : tools) {
        const json* decls = field2(t, "functionDeclarations", "function_declarations");
        if (!decls || !decls->is_array()) continue;
        for (const auto& d : *decls) {
            json fn = {{"name", str_of(d, "name")}};
            if (const json* desc = field(d, "description")) fn["description"] = *desc;
            const json* params = field2(d, "parametersJsonSchema", "parameters_json_schema");
            if (!params) params = field(d, "parameters");
            fn["parameters"] =
                params ? lower_schema_types(*params) : json{{"type", "object"}, {"properties", json::object()}};
            list.push_back({{"type", "function"}, {"function", std::move(fn)}});
        }
    }
    return list;
}

json tool_choice_to_hub(const json& config) {
    const json* fc = field2(config, "functionCallingConfig", "function_calling_config");
    if (!fc) return nullptr;
    std::string mode = str_of(*fc, "mode");
    if (mode == "NONE") return "none";
    if (mode != "ANY") return "auto";
    const json* names = field2(*fc, "allowedFunctionNames", "allowed_function_names");
    if (names && names->is_array() && names->size() == 1)
        return {{"type", "function"}, {"function", {{"name", (*names)[0]}}}};
    return "required";
}

void generation_to_hub(const json& g, json& out) {
    if (const json* v = field(g, "temperature")) out["temperature"] = *v;
    if (const json* v = field2(g, "topP", "top_p")) out["top_p"] = *v;
    if (const json* v = field2(g, "topK", "top_k")) out["x_top_k"] = *v;
    if (const json* v = field2(g, "maxOutputTokens", "max_output_tokens")) out["max_tokens"] = *v;
    if (const json* v = field2(g, "stopSequences", "stop_sequences")) out["stop"] = *v;
    if (const json* v = field2(g, "candidateCount", "candidate_count")) out["n"] = *v;
    if (const json* v = field(g, "seed")) out["seed"] = *v;
    if (const json* v = field2(g, "presencePenalty", "presence_penalty")) out["presence_penalty"] = *v;
    if (const json* v = field2(g, "frequencyPenalty", "frequency_penalty")) out["frequency_penalty"] = *v;
    std::string mime = str_of(g, "responseMimeType") + str_of(g, "response_mime_type");
    if (mime == "application/json") {
        const json* schema = field2(g, "responseJsonSchema", "response_json_schema");
        if (!schema) schema = field2(g, "responseSchema", "response_schema");
        out["response_format"] =
            schema ? json{{"type", "json_schema"},
                          {"json_schema", {{"name", "response"}, {"schema", lower_schema_types(*schema)}}}}
                   : json{{"type", "json_object"}};
    }
    if (const json* t = field2(g, "thinkingConfig", "thinking_config")) {
        if (const json* b = field2(*t, "thinkingBudget", "thinking_budget"); b && b->is_number_integer()) {
            int64_t budget = b->get<int64_t>();
            if (budget >= 0) {
                out["x_thinking_budget"] = budget;
                out["reasoning_effort"] = effort_for_budget(budget);
            }
        }
        if (std::string level = str_of(*t, "thinkingLevel") + str_of(*t, "thinking_level"); !level.empty())
            out["reasoning_effort"] = level == "LOW" || level == "low" ? "low" : "high";
    }
}

}  // namespace

json gemini_to_hub_request(const json& in, const std::string& model, bool stream) {
    json out = {{"model", model}};
    GeminiToHub turns;
    if (const json* sys = field2(in, "systemInstruction", "system_instruction")) {
        const json* parts = field(*sys, "parts");
        std::string text = parts ? text_of(*parts) : "";
        if (!text.empty()) turns.messages.push_back({{"role", "system"}, {"content", text}});
    }
    if (const json* contents = field(in, "contents"); contents && contents->is_array())
        for (const auto& c : *contents) {
            const json* parts = field(c, "parts");
            if (!parts || !parts->is_array()) continue;
            if (str_of(c, "role") == "model")
                turns.model_turn(*parts);
            else
                turns.user_turn(*parts);
        }
    out["messages"] = std::move(turns.messages);
    if (const json* tools = field(in, "tools"); tools && tools->is_array())
        if (json list = tools_to_hub(*tools); !list.empty()) out["tools"] = std::move(list);
    if (const json* tc = field2(in, "toolConfig", "tool_config"))
        if (json choice = tool_choice_to_hub(*tc); !choice.is_null()) out["tool_choice"] = std::move(choice);
    if (const json* g = field2(in, "generationConfig", "generation_config")) generation_to_hub(*g, out);
    if (stream) {
        out["stream"] = true;
        out["stream_options"] = {{"include_usage", true}};
    }
    return out;
}

namespace {

json part_from_hub(const json& p) {
    std::string type = str_of(p, "type");
    if (type == "text") return {{"text", str_of(p, "text")}};
    if (type != "image_url") return nullptr;
    const json* iu = field(p, "image_url");
    std::string url = iu ? (iu->is_string() ? iu->get<std::string>() : str_of(*iu, "url")) : "";
    if (auto d = split_data_url(url)) return {{"inlineData", {{"mimeType", d->mime}, {"data", d->data}}}};
    return {{"fileData", {{"mimeType", "image/jpeg"}, {"fileUri", url}}}};
}

json parts_from_hub(const json& content) {
    json parts = json::array();
    if (content.is_string()) {
        if (!content.get<std::string>().empty()) parts.push_back({{"text", content}});
    } else if (content.is_array()) {
        for (const auto& p : content)
            if (json part = part_from_hub(p); !part.is_null()) parts.push_back(std::move(part));
    }
    return parts;
}

json tool_response(const json& m, const std::map<std::string, std::string>& call_names) {
    auto it = call_names.find(str_of(m, "tool_call_id"));
    const json* content = field(m, "content");
    std::string text = content ? text_of(*content) : "";
    json parsed = parse_json(text);
    json response = parsed.is_object() ? parsed : json{{"content", text}};
    return {
        {"functionResponse", {{"name", it == call_names.end() ? "" : it->second}, {"response", std::move(response)}}}};
}

json generation_from_hub(const json& in) {
    json g = json::object();
    if (const json* v = field(in, "temperature")) g["temperature"] = *v;
    if (const json* v = field(in, "top_p")) g["topP"] = *v;
    if (const json* v = field(in, "x_top_k")) g["topK"] = *v;
    int64_t max = int_of(in, "max_completion_tokens");
    if (!max) max = int_of(in, "max_tokens");
    if (max > 0) g["maxOutputTokens"] = max;
    if (const json* stop = field(in, "stop")) g["stopSequences"] = stop->is_string() ? json::array({*stop}) : *stop;
    if (const json* v = field(in, "n")) g["candidateCount"] = *v;
    if (const json* v = field(in, "seed")) g["seed"] = *v;
    if (const json* v = field(in, "presence_penalty")) g["presencePenalty"] = *v;
    if (const json* v = field(in, "frequency_penalty")) g["frequencyPenalty"] = *v;
    if (const json* rf = field(in, "response_format")) {
        std::string type = str_of(*rf, "type");
        if (type == "json_object" || type == "json_schema") g["responseMimeType"] = "application/json";
        const json* js = field(*rf, "json_schema");
        if (const json* schema = js ? field(*js, "schema") : nullptr)
            g["responseSchema"] = clean_schema_for_gemini(*schema);
    }
    int64_t budget = -1;
    if (const json* b = field(in, "x_thinking_budget"))
        budget = b->get<int64_t>();
    else if (std::string effort = str_of(in, "reasoning_effort"); !effort.empty())
        budget = budget_for_effort(effort, max);
    if (budget >= 0) g["thinkingConfig"] = {{"thinkingBudget", budget}, {"includeThoughts", budget > 0}};
    return g;
}

}  // namespace

json hub_to_gemini_request(const json& in) {
    json out = json::object();
    std::string system = system_text(in);
    json contents = json::array();
    std::map<std::string, std::string> call_names;  // tool_call_id -> function name
    if (const json* ms = field(in, "messages"); ms && ms->is_array())
        for (const auto& m : *ms) {
            std::string role = str_of(m, "role");
            const json* content = field(m, "content");
            if (is_system_role(role)) continue;
            if (role == "assistant") {
                json parts = content ? parts_from_hub(*content) : json::array();
                if (const json* calls = field(m, "tool_calls"); calls && calls->is_array())
                    for (const auto& call : *calls) {
                        const json* fn = field(call, "function");
                        if (!fn) continue;
                        call_names[str_of(call, "id")] = str_of(*fn, "name");
                        parts.push_back(
                            {{"functionCall",
                              {{"name", str_of(*fn, "name")}, {"args", parse_arguments(str_of(*fn, "arguments"))}}}});
                    }
                append_turn(contents, "model", std::move(parts), "parts");
            } else if (role == "tool") {
                append_turn(contents, "user", json::array({tool_response(m, call_names)}), "parts");
            } else {
                append_turn(contents, "user", content ? parts_from_hub(*content) : json::array(), "parts");
            }
        }
    out["contents"] = std::move(contents);
    if (!system.empty()) out["systemInstruction"] = {{"parts", json::array({{{"text", system}}})}};
    if (const json* tools = field(in, "tools"); tools && tools->is_array()) {
        json decls = json::array();
        for (const auto& t : *tools)
            if (const json* fn = field(t, "function")) {
                json d = {{"name", str_of(*fn, "name")}};
                if (const json* desc = field(*fn, "description")) d["description"] = *desc;
                if (const json* params = field(*fn, "parameters")) d["parameters"] = clean_schema_for_gemini(*params);
                decls.push_back(std::move(d));
            }
        if (!decls.empty()) out["tools"] = json::array({{{"functionDeclarations", std::move(decls)}}});
    }
    if (const json* tc = field(in, "tool_choice")) {
        json config = {{"mode", "AUTO"}};
        if (tc->is_string()) {
            std::string s = tc->get<std::string>();
            config["mode"] = s == "required" ? "ANY" : s == "none" ? "NONE" : "AUTO";
        } else if (const json* fn = field(*tc, "function")) {
            config = {{"mode", "ANY"}, {"allowedFunctionNames", json::array({str_of(*fn, "name")})}};
        }
        out["toolConfig"] = {{"functionCallingConfig", std::move(config)}};
    }
    if (json g = generation_from_hub(in); !g.empty()) out["generationConfig"] = std::move(g);
    return out;
}

}  // namespace gw::wire
