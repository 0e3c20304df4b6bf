#include "imagen.hpp"

#include <cstdio>
#include <string>

namespace gemini_plugin {

namespace {

using nlohmann::json;

// Imagen's ratios (1:1, 3:4, 4:3, 9:16, 16:9) for a "WxH" size; 1:1 when none is given.
std::string aspect_ratio(const std::string& size) {
    int w = 0, h = 0;
    if (std::sscanf(size.c_str(), "%dx%d", &w, &h) != 2 || w <= 0 || h <= 0) return "1:1";
    double r = static_cast<double>(w) / h;
    if (r >= 1.55) return "16:9";
    if (r >= 1.15) return "4:3";
    if (r <= 1 / 1.55) return "9:16";
    if (r <= 1 / 1.15) return "3:4";
    return "1:1";
}

}  // namespace

json imagen_request(const json& in) {
    int64_t n = in.contains("n") && in["n"].is_number_integer() ? in["n"].get<int64_t>() : 1;
    std::string size = in.contains("size") && in["size"].is_string() ? in["size"].get<std::string>() : "";
    std::string prompt = in.contains("prompt") && in["prompt"].is_string() ? in["prompt"].get<std::string>() : "";
    return {
        {"instances", json::array({{{"prompt", prompt}}})},
        {"parameters", {{"sampleCount", n}, {"aspectRatio", aspect_ratio(size)}, {"personGeneration", "allow_adult"}}}};
}

json openai_images(const json& predictions, int64_t created) {
    json data = json::array();
    if (auto p = predictions.find("predictions"); p != predictions.end() && p->is_array())
        for (const auto& item : *p)
            if (item.is_object() && item.contains("bytesBase64Encoded") && item["bytesBase64Encoded"].is_string())
                data.push_back({{"b64_json", item["bytesBase64Encoded"]}});
    return {{"created", created}, {"data", std::move(data)}};
}

}  // namespace gemini_plugin
