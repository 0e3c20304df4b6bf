#include "oauth/access_policy.hpp"

#include "common/json_bounded.hpp"
#include "common/strings.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <optional>

namespace gw::oauth {
namespace {

using nlohmann::json;

struct Failure {
    std::string field, op;
    json required, current;
};

std::optional<double> number_of(const json& v) {
    if (v.is_number()) return v.get<double>();
    if (v.is_string()) {
        double d = 0;
        const std::string& s = v.get_ref<const std::string&>();
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
        if (ec == std::errc() && p == s.data() + s.size()) return d;
    }
    return std::nullopt;
}

std::string plain(const json& v) {
    return v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump();
}

int compare(const json& a, const json& b) {
    auto x = number_of(a), y = number_of(b);
    if (x && y) return *x < *y ? -1 : *x > *y ? 1 : 0;
    std::string l = trim(plain(a)), r = trim(plain(b));
    return l < r ? -1 : l > r ? 1 : 0;
}

bool in_list(const json& v, const json& list) {
    if (!list.is_array()) return false;
    return std::any_of(list.begin(), list.end(), [&](const json& x) { return compare(v, x) == 0; });
}

bool contains(const json& v, const json& needle) {
    if (v.is_array()) return in_list(needle, v);
    return plain(v).find(plain(needle)) != std::string::npos;
}

bool holds(const json& cond, const json& info, Failure& why) {
    std::string field = cond.value("field", ""), op = to_lower(trim(cond.value("op", "")));
    const json* found = at_path(info, field);
    json current = found ? *found : json();
    json required = cond.value("value", json());
    why = {field, op, required, current};
    if (op == "exists") return found != nullptr;
    if (op == "not_exists") return found == nullptr;
    if (op == "eq") return compare(current, required) == 0;
    if (op == "ne") return compare(current, required) != 0;
    if (op == "gt") return compare(current, required) > 0;
    if (op == "gte") return compare(current, required) >= 0;
    if (op == "lt") return compare(current, required) < 0;
    if (op == "lte") return compare(current, required) <= 0;
    if (op == "in") return in_list(current, required);
    if (op == "not_in") return !in_list(current, required);
    if (op == "contains") return contains(current, required);
    if (op == "not_contains") return !contains(current, required);
    return false;
}

// "and": every condition and group holds; "or": one does. `why` names the first that failed.
bool passes(const json& policy, const json& info, Failure& why, int depth) {
    if (!policy.is_object() || depth > 8) return false;
    bool any = to_lower(policy.value("logic", "and")) == "or";
    auto conditions = policy.value("conditions", json::array());
    auto groups = policy.value("groups", json::array());
    if (conditions.empty() && groups.empty()) return false;
    bool failed = false;
    auto judge = [&](bool ok, const Failure& f) {
        if (!ok && !failed) why = f, failed = true;
        return ok;
    };
    for (const auto& c : conditions) {
        Failure f;
        bool ok = judge(holds(c, info, f), f);
        if (ok == any) return any;  // "or" settled by a pass, "and" by a failure
    }
    for (const auto& g : groups) {
        Failure f;
        bool ok = judge(passes(g, info, f, depth + 1), f);
        if (ok == any) return any;
    }
    return !any;
}

}  // namespace

const json* at_path(const json& doc, std::string_view path) {
    const json* at = &doc;
    for (const auto& part : split_trimmed(path, '.')) {
        if (at->is_object()) {
            auto it = at->find(part);
            if (it == at->end()) return nullptr;
            at = &*it;
        } else if (at->is_array()) {
            size_t i = 0;
            auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), i);
            if (ec != std::errc() || p != part.data() + part.size() || i >= at->size()) return nullptr;
            at = &(*at)[i];
        } else {
            return nullptr;
        }
    }
    return at;
}

std::string text_at(const json& doc, std::string_view path) {
    const json* v = path.empty() ? nullptr : at_path(doc, path);
    if (!v || v->is_null() || v->is_object() || v->is_array()) return "";
    return plain(*v);
}

std::string access_denial(const std::string& policy_text, const json& info, const std::string& provider,
                          const std::string& template_text) {
    if (trim(policy_text).empty()) return "";
    Failure why;
    if (passes(parse_json(policy_text), info, why, 0)) return "";
    std::string message =
        template_text.empty() ? "您的 {{provider}} 账户不满足登录条件（{{field}} {{op}} {{required}}）" : template_text;
    for (auto [key, value] : {std::pair<const char*, std::string>{"{{provider}}", provider},
                              {"{{field}}", why.field},
                              {"{{op}}", why.op},
                              {"{{required}}", plain(why.required)},
                              {"{{current}}", plain(why.current)}})
        message = replace_all(message, key, value);
    return message;
}

}  // namespace gw::oauth
