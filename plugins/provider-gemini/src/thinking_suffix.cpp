#include "thinking_suffix.hpp"

#include <algorithm>
#include <cctype>

namespace gemini_plugin {
namespace {

using nlohmann::json;

bool strip(std::string& model, std::string_view suffix) {
    if (model.size() <= suffix.size() || model.compare(model.size() - suffix.size(), suffix.size(), suffix) != 0)
        return false;
    model.resize(model.size() - suffix.size());
    return true;
}

// "-thinking-<digits>": the budget, or -1 when the name has no such suffix.
int64_t strip_budget(std::string& model) {
    size_t dash = model.rfind('-');
    if (dash == std::string::npos || dash + 1 >= model.size()) return -1;
    std::string digits = model.substr(dash + 1);
    if (!std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); })) return -1;
    std::string base = model.substr(0, dash);
    if (!strip(base, "-thinking")) return -1;
    model = base;
    return std::stoll(digits.substr(0, 9));
}

json& thinking_config(json& body) {
    json& g = body["generationConfig"];
    if (!g.is_object()) g = json::object();
    json& t = g["thinkingConfig"];
    if (!t.is_object()) t = json::object();
    return t;
}

int64_t max_output(const json& body) {
    auto g = body.find("generationConfig");
    if (g == body.end() || !g->is_object()) return 0;
    auto m = g->find("maxOutputTokens");
    return m != g->end() && m->is_number_integer() ? m->get<int64_t>() : 0;
}

}  // namespace

BudgetRange budget_range(const std::string& model) {
    if (model.find("flash-lite") != std::string::npos) return {512, 24576};
    if (model.find("flash") != std::string::npos) return {0, 24576};
    return {128, 32768};
}

bool apply_thinking_suffix(json& body, std::string& model) {
    if (int64_t budget = strip_budget(model); budget >= 0) {
        BudgetRange r = budget_range(model);
        thinking_config(body) = {{"thinkingBudget", std::clamp(budget, r.min, r.max)}, {"includeThoughts", true}};
        return true;
    }
    if (strip(model, "-nothinking")) {
        if (budget_range(model).min == 0) thinking_config(body) = {{"thinkingBudget", 0}};
        return true;
    }
    if (strip(model, "-thinking")) {
        BudgetRange r = budget_range(model);
        int64_t max = max_output(body);
        int64_t budget = max > 0 ? std::clamp<int64_t>(max * 4 / 5, r.min, r.max) : -1;  // -1: the model decides
        thinking_config(body) = {{"thinkingBudget", budget}, {"includeThoughts", true}};
        return true;
    }
    for (const char* effort : {"low", "medium", "high"}) {
        if (!strip(model, std::string("-") + effort)) continue;
        if (model.rfind("gemini-3", 0) == 0) {
            thinking_config(body) = {{"thinkingLevel", std::string(effort) == "low" ? "low" : "high"}};
        } else {
            BudgetRange r = budget_range(model);
            int64_t budget = std::string(effort) == "low" ? 1024 : std::string(effort) == "medium" ? 8192 : 24576;
            thinking_config(body) = {{"thinkingBudget", std::clamp(budget, r.min, r.max)}, {"includeThoughts", true}};
        }
        return true;
    }
    return false;
}

}  // namespace gemini_plugin
