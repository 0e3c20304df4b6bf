#include "wire/json_util.hpp"

#include "common/json_bounded.hpp"

#include <chrono>
#include <random>

namespace gw::wire {

const json* field(const json& o, const char* key) {
    if (!o.is_object()) return nullptr;
    auto it = o.find(key);
    return it == o.end() || it->is_null() ? nullptr : &*it;
}

const json* field2(const json& o, const char* camel, const char* snake) {
    const json* f = field(o, camel);
    return f ? f : field(o, snake);
}

std::string str_of(const json& o, const char* key) {
    const json* f = field(o, key);
    return f && f->is_string() ? f->get<std::string>() : std::string();
}

int64_t int_of(const json& o, const char* key) {
    const json* f = field(o, key);
    if (!f || !f->is_number()) return 0;
    return f->is_number_float() ? static_cast<int64_t>(f->get<double>()) : f->get<int64_t>();
}

std::string text_of(const json& content) {
    if (content.is_string()) return content.get<std::string>();
    std::string out;
    if (content.is_array())
        for (const auto& part : content)
            if (const json* t = field(part, "text"); t && t->is_string()) out += t->get<std::string>();
    return out;
}

json parse_arguments(std::string_view s) {
    json j = parse_json(s);
    return j.is_object() ? j : json::object();
}

std::string dump(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string new_id(std::string_view prefix) {
    static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    thread_local std::mt19937_64 rng{std::random_device{}()};
    std::string id(prefix);
    for (int i = 0; i < 24; ++i) id += kAlphabet[rng() % (sizeof(kAlphabet) - 1)];
    return id;
}

int64_t unix_now() {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

std::optional<DataUrl> split_data_url(std::string_view url) {
    if (url.substr(0, 5) != "data:") return std::nullopt;
    size_t semi = url.find(';'), comma = url.find(',');
    if (semi == std::string_view::npos || comma == std::string_view::npos || semi > comma) return std::nullopt;
    if (url.substr(semi + 1, comma - semi - 1) != "base64") return std::nullopt;
    return DataUrl{std::string(url.substr(5, semi - 5)), std::string(url.substr(comma + 1))};
}

}  // namespace gw::wire
