#include "api/input.hpp"

#include "billing/checked.hpp"
#include "common/json_bounded.hpp"

#include <charconv>
#include <cmath>
#include <limits>

namespace gw::api {
namespace {

[[noreturn]] void bad(const std::string& message) {
    throw http::ClientError(message);
}

}  // namespace

Input::Input(const http::HttpRequest& req) {
    if (req.body.empty()) {
        body_ = nlohmann::json::object();
        return;
    }
    body_ = parse_json(req.body);
    if (body_.is_discarded() || !body_.is_object()) bad("无效的参数: the body must be a JSON object");
}

std::optional<std::string> Input::str(const char* key, size_t max_len) const {
    if (!has(key)) return std::nullopt;
    const auto& v = body_[key];
    if (!v.is_string()) bad(std::string("无效的参数: ") + key + " must be a string");
    std::string s = v.get<std::string>();
    if (s.size() > max_len) bad(std::string("无效的参数: ") + key + " is longer than " + std::to_string(max_len));
    return s;
}

std::optional<int64_t> Input::integer(const char* key) const {
    if (!has(key)) return std::nullopt;
    const auto& v = body_[key];
    std::string name(key);
    if (v.is_number_unsigned()) {
        if (v.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
            bad("无效的参数: " + name + " is out of range (at most 9223372036854775807)");
        return static_cast<int64_t>(v.get<uint64_t>());
    }
    if (v.is_number_integer()) return v.get<int64_t>();
    if (v.is_number_float()) {
        double d = v.get<double>();
        // 2^63 itself is not an int64: the bound is exclusive.
        if (!std::isfinite(d) || d < -9223372036854775808.0 || d >= 9223372036854775808.0)
            bad("无效的参数: " + name + " is out of range");
        if (d == std::trunc(d)) return static_cast<int64_t>(d);
    }
    bad("无效的参数: " + name + " must be an integer");
}

std::optional<int64_t> Input::quota(const char* key) const {
    auto v = integer(key);
    if (v && !billing::valid_quota(*v))
        bad(std::string("无效的参数: ") + key + " is out of range (at most " + std::to_string(billing::kMaxQuota) +
            ")");
    return v;
}

std::optional<double> Input::number(const char* key) const {
    if (!has(key)) return std::nullopt;
    if (!body_[key].is_number()) bad(std::string("无效的参数: ") + key + " must be a number");
    return body_[key].get<double>();
}

std::optional<bool> Input::boolean(const char* key) const {
    if (!has(key)) return std::nullopt;
    if (!body_[key].is_boolean()) bad(std::string("无效的参数: ") + key + " must be true or false");
    return body_[key].get<bool>();
}

std::optional<std::string> Input::list(const char* key, size_t max_len) const {
    if (!has(key)) return std::nullopt;
    const auto& v = body_[key];
    if (v.is_string()) return str(key, max_len);
    if (!v.is_array()) bad(std::string("无效的参数: ") + key + " must be a string or a list of strings");
    std::string out;
    for (const auto& e : v) {
        if (!e.is_string()) bad(std::string("无效的参数: ") + key + " must list strings");
        out += (out.empty() ? "" : ",") + e.get<std::string>();
    }
    if (out.size() > max_len) bad(std::string("无效的参数: ") + key + " is too long");
    return out;
}

std::vector<int64_t> Input::ids(const char* key) const {
    if (!has(key) || !body_[key].is_array()) bad(std::string("无效的参数: ") + key + " must be a list of ids");
    std::vector<int64_t> out;
    for (const auto& e : body_[key]) {
        if (!e.is_number_integer()) bad(std::string("无效的参数: ") + key + " must list integer ids");
        out.push_back(e.get<int64_t>());
    }
    if (out.empty()) bad(std::string("无效的参数: ") + key + " is empty");
    return out;
}

std::string Input::required(const char* key, size_t max_len) const {
    auto v = str(key, max_len);
    if (!v || v->empty()) bad(std::string("无效的参数: ") + key + " is required");
    return *v;
}

int64_t query_int(const http::HttpRequest& req, const char* name, int64_t fallback) {
    auto v = req.query_param(name);
    if (!v || v->empty()) return fallback;
    int64_t n = 0;
    auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    return (ec == std::errc() && p == v->data() + v->size()) ? n : fallback;
}

std::string query_str(const http::HttpRequest& req, const char* name) {
    return req.query_param(name).value_or("");
}

store::Page page_of(const http::HttpRequest& req) {
    store::Page p;
    p.page = static_cast<int>(std::max<int64_t>(1, query_int(req, "p", 1)));
    int64_t size = query_int(req, "page_size", query_int(req, "size", 10));
    p.size = static_cast<int>(std::clamp<int64_t>(size, 1, 100));
    return p;
}

int64_t id_param(const http::HttpRequest& req, const std::string& name) {
    std::string v = req.param(name);
    int64_t n = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || p != v.data() + v.size() || n <= 0)
        bad("无效的参数: " + name + " must be a positive integer");
    return n;
}

nlohmann::json page_json(const nlohmann::json& items, int64_t total, const store::Page& page) {
    return {{"items", items}, {"total", total}, {"page", page.page}, {"page_size", page.size}};
}

}  // namespace gw::api
