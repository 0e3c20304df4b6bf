#include "form_fields.hpp"

#include <gw/cpp/json_depth.hpp>

#include <nlohmann/json.hpp>

namespace sora {
namespace {

std::string boundary_of(std::string_view content_type) {
    size_t at = content_type.find("boundary=");
    if (at == std::string_view::npos) return {};
    std::string b(content_type.substr(at + 9));
    b = b.substr(0, b.find(';'));
    if (b.size() >= 2 && b.front() == '"' && b.back() == '"') b = b.substr(1, b.size() - 2);
    return b;
}

// `name="x"` from a part's Content-Disposition; empty for a file part.
std::string field_name(std::string_view head) {
    if (head.find("filename=") != std::string_view::npos) return {};
    size_t at = head.find("name=\"");
    if (at == std::string_view::npos) return {};
    size_t end = head.find('"', at + 6);
    return end == std::string_view::npos ? std::string() : std::string(head.substr(at + 6, end - at - 6));
}

std::map<std::string, std::string> multipart(std::string_view boundary, std::string_view body) {
    std::map<std::string, std::string> out;
    std::string delim = "--" + std::string(boundary);
    size_t pos = body.find(delim);
    while (pos != std::string_view::npos) {
        size_t head_start = pos + delim.size();
        if (body.substr(head_start, 2) == "--") break;
        size_t head_end = body.find("\r\n\r\n", head_start);
        if (head_end == std::string_view::npos) break;
        size_t next = body.find("\r\n" + delim, head_end + 4);
        if (next == std::string_view::npos) break;
        std::string name = field_name(body.substr(head_start, head_end - head_start));
        if (!name.empty()) out[name] = std::string(body.substr(head_end + 4, next - head_end - 4));
        pos = next + 2;
    }
    return out;
}

}  // namespace

std::map<std::string, std::string> form_fields(std::string_view content_type, std::string_view body) {
    if (content_type.find("multipart/form-data") != std::string_view::npos)
        return multipart(boundary_of(content_type), body);
    auto j = gw::parse_json_bounded<nlohmann::json>(body);
    std::map<std::string, std::string> out;
    if (!j.is_object()) return out;
    for (const auto& [k, v] : j.items())
        if (v.is_string())
            out[k] = v.get<std::string>();
        else if (v.is_number())
            out[k] = v.dump();
    return out;
}

}  // namespace sora
