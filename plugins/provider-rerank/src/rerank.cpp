#include "rerank.hpp"

#include <gw/cpp/json_depth.hpp>
#include <nlohmann/json.hpp>

namespace rerank {

using nlohmann::json;

namespace {

gw_usage tokens(int64_t prompt, int64_t completion) {
    gw_usage u{};
    u.struct_size = sizeof(gw_usage);
    u.prompt_tokens = prompt;
    u.completion_tokens = completion;
    return u;
}

int64_t number(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

// Cohere bills in meta.billed_units (input_tokens, or search units only) or meta.tokens.
std::optional<gw_usage> cohere_usage(const json& answer) {
    auto meta = answer.find("meta");
    if (meta == answer.end() || !meta->is_object()) return std::nullopt;
    for (const char* part : {"billed_units", "tokens"}) {
        auto u = meta->find(part);
        if (u != meta->end() && u->is_object() && number(*u, "input_tokens") > 0)
            return tokens(number(*u, "input_tokens"), number(*u, "output_tokens"));
    }
    return std::nullopt;
}

// Jina reports usage.total_tokens (all of it input); OpenAI-style prompt_tokens also accepted.
std::optional<gw_usage> jina_usage(const json& answer) {
    auto u = answer.find("usage");
    if (u == answer.end() || !u->is_object()) return std::nullopt;
    int64_t prompt = number(*u, "prompt_tokens");
    if (prompt == 0) prompt = number(*u, "total_tokens");
    if (prompt == 0) return std::nullopt;
    return tokens(prompt, number(*u, "completion_tokens"));
}

}  // namespace

std::optional<std::string> upstream_body(Vendor v, std::string_view client_body, std::string_view upstream_model,
                                         std::string& error) {
    json in = gw::parse_json_bounded<json>(client_body);
    if (!in.is_object()) {
        error = "the request body is not a JSON object";
        return std::nullopt;
    }
    if (!in.contains("query") || !in["query"].is_string()) {
        error = "query is required and must be a string";
        return std::nullopt;
    }
    if (!in.contains("documents") || !in["documents"].is_array() || in["documents"].empty()) {
        error = "documents is required and must be a non-empty array";
        return std::nullopt;
    }
    in["model"] = std::string(upstream_model);
    if (v == Vendor::cohere) {
        int64_t top_n = in.contains("top_n") && in["top_n"].is_number_integer() ? in["top_n"].get<int64_t>() : 1;
        in["top_n"] = top_n > 0 ? top_n : 1;
        if (!in.contains("return_documents")) in["return_documents"] = true;
    }
    return in.dump();
}

std::optional<Normalised> normalise(Vendor v, std::string_view upstream_body) {
    json answer = gw::parse_json_bounded<json>(upstream_body);
    if (!answer.is_object() || !answer.contains("results") || !answer["results"].is_array()) return std::nullopt;
    json results = json::array();
    for (const auto& r : answer["results"]) {
        if (!r.is_object()) continue;
        json out = {{"index", r.value("index", 0)}, {"relevance_score", r.value("relevance_score", 0.0)}};
        if (r.contains("document") && !r["document"].is_null()) out["document"] = r["document"];
        results.push_back(std::move(out));
    }
    Normalised n;
    n.usage = v == Vendor::cohere ? cohere_usage(answer) : jina_usage(answer);
    json usage = {{"prompt_tokens", n.usage ? n.usage->prompt_tokens : 0},
                  {"completion_tokens", n.usage ? n.usage->completion_tokens : 0},
                  {"total_tokens", n.usage ? n.usage->prompt_tokens + n.usage->completion_tokens : 0}};
    n.body = json{{"results", results}, {"usage", usage}}.dump();
    return n;
}

std::string error_message(std::string_view body, int status) {
    json j = gw::parse_json_bounded<json>(body);
    if (j.is_object()) {
        if (j.contains("message") && j["message"].is_string()) return j["message"];  // Cohere
        if (j.contains("detail") && j["detail"].is_string()) return j["detail"];     // Jina
        if (j.contains("error") && j["error"].is_object() && j["error"].contains("message") &&
            j["error"]["message"].is_string())
            return j["error"]["message"];
    }
    return "rerank upstream answered " + std::to_string(status);
}

}  // namespace rerank
