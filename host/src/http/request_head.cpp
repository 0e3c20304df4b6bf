#include "http/request_head.hpp"

#include "common/strings.hpp"

#include <algorithm>
#include <cstring>

namespace gw::http {

namespace {

bool is_token_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string form_decode(std::string_view s) {
    std::string plus(s);
    std::replace(plus.begin(), plus.end(), '+', ' ');
    return percent_decode(plus);
}

// Splits the head into lines without their CR LF / LF ends; the last (empty) line is dropped.
std::vector<std::string_view> head_lines(std::string_view head) {
    std::vector<std::string_view> lines;
    while (!head.empty()) {
        size_t lf = head.find('\n');
        std::string_view line = head.substr(0, lf);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) break;
        lines.push_back(line);
        head.remove_prefix(lf == std::string_view::npos ? head.size() : lf + 1);
    }
    return lines;
}

std::string parse_request_line(std::string_view line, HttpRequest& out, RequestHead& meta) {
    size_t sp1 = line.find(' ');
    size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos)
        return "malformed request line";
    std::string_view method = line.substr(0, sp1), target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    std::string_view version = line.substr(sp2 + 1);
    if (method.empty() || !std::all_of(method.begin(), method.end(), is_token_char)) return "malformed method";
    if (version == "HTTP/1.1")
        meta.http11 = true;
    else if (version == "HTTP/1.0")
        meta.http11 = false;
    else
        return meta.status = 505, "unsupported HTTP version";
    if (target.starts_with("http://") || target.starts_with("https://")) {  // absolute form
        size_t slash = target.find('/', target.find("//") + 2);
        target = slash == std::string_view::npos ? "/" : target.substr(slash);
    }
    if (target.empty() || (target.front() != '/' && target != "*")) return "malformed request target";
    target = target.substr(0, target.find('#'));
    size_t q = target.find('?');
    out.method = std::string(method);
    out.path = percent_decode(target.substr(0, q));
    if (q != std::string_view::npos) {
        out.raw_query = std::string(target.substr(q + 1));
        out.query = parse_query(out.raw_query);
    }
    return "";
}

void add_cookies(std::string_view value, HttpRequest& out) {
    for (const std::string& pair : split_trimmed(value, ';')) {
        size_t eq = pair.find('=');
        if (eq == std::string::npos || eq == 0) continue;
        std::string_view v = std::string_view(pair).substr(eq + 1);
        if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
        out.cookies.emplace(pair.substr(0, eq), std::string(v));
    }
}

// Content-Length may repeat (or list) only one value, and never beside Transfer-Encoding.
std::string frame(const HttpRequest& out, RequestHead& meta) {
    std::string length;
    bool has_te = false;
    for (const auto& [name, value] : out.headers) {
        if (name == "transfer-encoding") {
            if (has_te || !iequals(trim_ows(value), "chunked"))
                return meta.status = 501, "unsupported transfer encoding";
            has_te = meta.chunked = true;
        } else if (name == "content-length") {
            for (const std::string& v : split_trimmed(value, ',')) {
                if (v.empty() || v.size() > 18 || !std::all_of(v.begin(), v.end(), ::isdigit))
                    return "invalid Content-Length";
                if (!length.empty() && length != v) return "conflicting Content-Length headers";
                length = v;
            }
        }
    }
    if (has_te && !length.empty()) return "Content-Length beside Transfer-Encoding";
    if (has_te && !meta.http11) return "Transfer-Encoding in an HTTP/1.0 request";
    if (!length.empty()) meta.content_length = std::stoull(length);
    return "";
}

}  // namespace

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query) {
    std::vector<std::pair<std::string, std::string>> out;
    while (!query.empty()) {
        size_t amp = query.find('&');
        std::string_view part = query.substr(0, amp);
        query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
        if (part.empty()) continue;
        size_t eq = part.find('=');
        out.emplace_back(form_decode(part.substr(0, eq)),
                         eq == std::string_view::npos ? std::string() : form_decode(part.substr(eq + 1)));
    }
    return out;
}

std::string parse_request_head(std::string_view head, HttpRequest& out, RequestHead& meta) {
    std::vector<std::string_view> lines = head_lines(head);
    if (lines.empty()) return "empty request";
    if (std::string e = parse_request_line(lines[0], out, meta); !e.empty()) return e;
    for (size_t i = 1; i < lines.size(); ++i) {
        std::string_view line = lines[i];
        size_t colon = line.find(':');
        if (colon == 0 || colon == std::string_view::npos) return "malformed header line";
        std::string_view name = line.substr(0, colon);
        if (!std::all_of(name.begin(), name.end(), is_token_char)) return "malformed header name";
        std::string_view value = trim_ows(line.substr(colon + 1));
        if (value.find_first_of(std::string_view("\r\0", 2)) != std::string_view::npos) return "malformed header value";
        out.headers.emplace_back(to_lower(name), std::string(value));
        if (out.headers.back().first == "cookie") add_cookies(value, out);
    }
    return frame(out, meta);
}

}  // namespace gw::http
