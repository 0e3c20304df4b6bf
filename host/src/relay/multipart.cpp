#include "relay/multipart.hpp"

#include "common/strings.hpp"

namespace gw::relay {

namespace {

// A parameter of a header value, e.g. name="file" in a Content-Disposition.
std::string header_param(std::string_view value, std::string_view param) {
    size_t pos = 0;
    while ((pos = value.find(param, pos)) != std::string_view::npos) {
        bool starts = pos == 0 || value[pos - 1] == ';' || value[pos - 1] == ' ';
        size_t eq = pos + param.size();
        if (!starts || eq >= value.size() || value[eq] != '=') {
            pos = eq;
            continue;
        }
        std::string_view rest = value.substr(eq + 1);
        if (!rest.empty() && rest.front() == '"') {
            size_t close = rest.find('"', 1);
            return std::string(rest.substr(1, close == std::string_view::npos ? rest.size() - 1 : close - 1));
        }
        return trim(rest.substr(0, rest.find(';')));
    }
    return {};
}

// Reads one part's headers; false when they are malformed.
bool read_part_headers(std::string_view head, FormPart& part) {
    size_t start = 0;
    while (start < head.size()) {
        size_t end = head.find("\r\n", start);
        if (end == std::string_view::npos) end = head.size();
        std::string_view line = head.substr(start, end - start);
        start = end + 2;
        size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        std::string name = to_lower(line.substr(0, colon));
        std::string_view value = line.substr(colon + 1);
        if (name == "content-disposition") {
            part.name = header_param(value, "name");
            part.filename = header_param(value, "filename");
        } else if (name == "content-type") {
            part.content_type = trim(value);
        }
    }
    return !part.name.empty();
}

}  // namespace

const FormPart* Form::find(std::string_view name) const {
    for (const auto& p : parts)
        if (p.name == name) return &p;
    return nullptr;
}

std::string Form::text(std::string_view name, std::string_view fallback) const {
    const FormPart* p = find(name);
    return std::string(p ? p->value : fallback);
}

std::optional<std::string> form_boundary(std::string_view content_type) {
    std::string lower = to_lower(content_type);
    if (lower.rfind("multipart/form-data", 0) != 0) return std::nullopt;
    std::string b = header_param(content_type, "boundary");
    if (b.empty() || b.size() > 200) return std::nullopt;
    return b;
}

std::optional<Form> parse_form(std::string_view body, std::string_view boundary, size_t max_parts) {
    const std::string delim = "--" + std::string(boundary);
    Form form;
    size_t pos = body.find(delim);
    if (pos == std::string_view::npos) return std::nullopt;
    for (;;) {
        pos += delim.size();
        if (body.substr(pos, 2) == "--") return form;  // the closing delimiter
        if (body.substr(pos, 2) != "\r\n") return std::nullopt;
        size_t head_end = body.find("\r\n\r\n", pos + 2);
        if (head_end == std::string_view::npos) return std::nullopt;
        FormPart part;
        if (!read_part_headers(body.substr(pos + 2, head_end - pos - 2), part)) return std::nullopt;
        size_t data = head_end + 4;
        size_t next = body.find("\r\n" + delim, data);
        if (next == std::string_view::npos || form.parts.size() >= max_parts) return std::nullopt;
        part.value = body.substr(data, next - data);
        form.parts.push_back(std::move(part));
        pos = next + 2;
    }
}

std::string replace_form_field(std::string_view body, const Form& form, std::string_view name, std::string_view value) {
    const FormPart* p = form.find(name);
    if (!p) return std::string(body);
    size_t at = static_cast<size_t>(p->value.data() - body.data());
    std::string out;
    out.reserve(body.size() - p->value.size() + value.size());
    out.append(body.substr(0, at)).append(value).append(body.substr(at + p->value.size()));
    return out;
}

}  // namespace gw::relay
