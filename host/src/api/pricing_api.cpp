#include "api/pricing_api.hpp"

#include "app/option_defaults.hpp"
#include "billing/price_book.hpp"
#include "store/cache.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <set>

namespace gw::api {
namespace {

using nlohmann::json;

json model_entry(const std::string& model, const std::set<std::string>& groups, const billing::PriceBook& book) {
    auto price = book.lookup(model);
    json e = {{"model_name", model}, {"enable_groups", groups}, {"priced", price.has_value()}};
    if (!price) return e;
    e["quota_type"] = price->per_call ? 1 : 0;
    e["model_ratio"] = price->model_ratio;
    e["model_price"] = price->price;
    e["completion_ratio"] = price->completion_ratio;
    e["cache_ratio"] = price->cache_ratio;
    return e;
}

json pricing(const AppContext& ctx) {
    std::map<std::string, std::set<std::string>> models;  // model -> groups
    auto index = ctx.cache.channel_index();
    for (const auto& [group, by_model] : index->by_group_model)
        for (const auto& [model, list] : by_model)
            if (!list.empty()) models[model].insert(group);
    auto book = billing::PriceBook::current(ctx.cache);
    json data = json::array();
    std::set<std::string> groups;
    for (const auto& [model, g] : models) {
        data.push_back(model_entry(model, g, *book));
        groups.insert(g.begin(), g.end());
    }
    json ratios = json::object();
    for (const auto& g : groups) ratios[g] = book->group_ratio(g);
    return {{"success", true}, {"data", data}, {"group_ratio", ratios}, {"quota_per_unit", book->quota_per_unit()}};
}

}  // namespace

void register_pricing_api(http::Router& router, AppContext& ctx) {
    router.get(
        "/api/pricing",
        [&ctx](http::HttpRequest&, const http::Responder& res) {
            res.send(200, pricing(ctx).dump(-1, ' ', false, json::error_handler_t::replace));
        },
        http::Exec::worker);
}

}  // namespace gw::api
