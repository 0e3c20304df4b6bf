#include "metrics/exposition.hpp"

#include <charconv>

namespace gw::metrics {

void append_number(std::string& out, double v) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, ec == std::errc() ? end : buf);
}

void append_number(std::string& out, uint64_t v) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, end);
}

void append_number(std::string& out, int64_t v) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, end);
}

// name{labels} or name{labels,extra}, then the value.
void sample_head(std::string& out, std::string_view name, const std::string& labels, std::string_view extra) {
    out.append(name);
    if (!labels.empty() || !extra.empty()) {
        out += '{';
        out += labels;
        if (!labels.empty() && !extra.empty()) out += ',';
        out.append(extra);
        out += '}';
    }
    out += ' ';
}

std::string escape_label(std::string_view value) {
    std::string s;
    s.reserve(value.size());
    for (char c : value) {
        if (c == '\\' || c == '"') s += '\\';
        if (c == '\n') {
            s += "\\n";
            continue;
        }
        s += c;
    }
    return s;
}

void write_value(std::string& out, std::string_view name, const std::string& labels, uint64_t value) {
    sample_head(out, name, labels);
    append_number(out, value);
    out += '\n';
}

void write_value(std::string& out, std::string_view name, const std::string& labels, int64_t value) {
    sample_head(out, name, labels);
    append_number(out, value);
    out += '\n';
}

void write_header(std::string& out, std::string_view name, std::string_view help, std::string_view type) {
    out.append("# HELP ").append(name).append(" ").append(help).append("\n# TYPE ").append(name).append(" ");
    out.append(type).append("\n");
}

void write_sample(std::string& out, std::string_view name,
                  const std::vector<std::pair<std::string, std::string>>& labels, double value) {
    std::string l;
    for (const auto& [k, v] : labels) l += (l.empty() ? "" : ",") + k + "=\"" + escape_label(v) + '"';
    sample_head(out, name, l);
    append_number(out, value);
    out += '\n';
}

}  // namespace gw::metrics
