// Embeddings between OpenAI's /v1/embeddings and Gemini's embedContent / batchEmbedContents.
#include "wire/formats.hpp"

namespace gw::wire {
namespace {

std::string content_text(const json& item) {
    const json* content = field(item, "content");
    const json* parts = content ? field(*content, "parts") : nullptr;
    return parts ? text_of(*parts) : "";
}

json gemini_content(const std::string& text) {
    return {{"parts", json::array({{{"text", text}}})}};
}

}  // namespace

json gemini_to_openai_embeddings_request(const json& in, const std::string& model) {
    json out = {{"model", model}};
    if (const json* requests = field(in, "requests"); requests && requests->is_array()) {
        json inputs = json::array();
        for (const auto& r : *requests) inputs.push_back(content_text(r));
        out["input"] = std::move(inputs);
        if (!requests->empty())
            if (const json* d = field2((*requests)[0], "outputDimensionality", "output_dimensionality"))
                out["dimensions"] = *d;
    } else {
        out["input"] = content_text(in);
        if (const json* d = field2(in, "outputDimensionality", "output_dimensionality")) out["dimensions"] = *d;
    }
    return out;
}

json openai_to_gemini_embeddings_request(const json& in, const std::string& model) {
    const json* input = field(in, "input");
    json requests = json::array();
    auto add = [&](const json& v) {
        json r = {{"model", "models/" + model},
                  {"content", gemini_content(v.is_string() ? v.get<std::string>() : dump(v))}};
        if (const json* d = field(in, "dimensions")) r["outputDimensionality"] = *d;
        requests.push_back(std::move(r));
    };
    if (input && input->is_array())
        for (const auto& v : *input) add(v);
    else if (input)
        add(*input);
    return {{"requests", std::move(requests)}};
}

json openai_to_gemini_embeddings_response(const json& in, bool batch) {
    json vectors = json::array();
    if (const json* data = field(in, "data"); data && data->is_array())
        for (const auto& d : *data) {
            const json* e = field(d, "embedding");
            vectors.push_back({{"values", e ? *e : json::array()}});
        }
    if (batch) return {{"embeddings", std::move(vectors)}};
    return {{"embedding", vectors.empty() ? json{{"values", json::array()}} : vectors[0]}};
}

json gemini_to_openai_embeddings_response(const json& in, const std::string& model) {
    json list = json::array();
    if (const json* e = field(in, "embeddings"); e && e->is_array())
        list = *e;
    else if (const json* one = field(in, "embedding"))
        list.push_back(*one);
    json data = json::array();
    for (size_t i = 0; i < list.size(); ++i) {
        const json* values = field(list[i], "values");
        data.push_back({{"object", "embedding"}, {"index", i}, {"embedding", values ? *values : json::array()}});
    }
    return {{"object", "list"},
            {"data", std::move(data)},
            {"model", model},
            {"usage", {{"prompt_tokens", 0}, {"total_tokens", 0}}}};
}

}  // namespace gw::wire
