#include "api/pricing_api.hpp"

#include "api/auth.hpp"
#include "api/pricing_endpoints.hpp"
#include "app/option_defaults.hpp"
#include "billing/price_book.hpp"
#include "common/digest.hpp"
#include "common/json_bounded.hpp"
#include "store/cache.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <set>

namespace gw::api {
namespace {

using nlohmann::json;

// What the channels serve: for each model, its groups and the channel types serving it.
struct Served {
    std::set<std::string> groups;
    std::set<int> types;
};

std::map<std::string, Served> served_models(const AppContext& ctx) {
    std::map<std::string, Served> models;
    auto index = ctx.cache.channel_index();
    for (const auto& [group, by_model] : index->by_group_model)
        for (const auto& [model, list] : by_model)
            for (const auto& channel : list) {
                models[model].groups.insert(group);
                models[model].types.insert(channel->type);
            }
    return models;
}

// The groups a user may choose, with their descriptions (New API's GetUserUsableGroups): the
// UserUsableGroups setting, and the user's own group.
json usable_groups(const Options& o, const std::string& user_group) {
    json groups = parse_json(o.str("UserUsableGroups"));
    if (!groups.is_object()) groups = json::object();
    if (!user_group.empty() && !groups.contains(user_group)) groups[user_group] = "用户分组";
    return groups;
}

json price_fields(const std::string& model, const billing::PriceBook& book) {
    auto price = book.lookup(model);
    json e = {{"priced", price.has_value()}, {"quota_type", 0}, {"model_ratio", 0}, {"model_price", 0},
              {"completion_ratio", 1},       {"owner_by", ""}};
    if (!price) return e;
    e["quota_type"] = price->per_call ? 1 : 0;
    if (price->per_call)
        e["model_price"] = price->price;
    else {
        e["model_ratio"] = price->model_ratio;
        e["completion_ratio"] = price->completion_ratio;
    }
    e["cache_ratio"] = price->cache_ratio;
    return e;
}

json model_entry(const std::string& model, const Served& s, const json& usable, const billing::PriceBook& book,
                 json& endpoints) {
    json groups = json::array();
    for (const auto& g : s.groups)
        if (usable.contains(g) || g == "all") groups.push_back(g);
    if (groups.empty()) return nullptr;
    std::vector<std::string> types;
    for (int type : s.types)
        for (const auto& t : endpoint_types(type, model))
            if (std::find(types.begin(), types.end(), t) == types.end()) types.push_back(t);
    for (const auto& t : types)
        if (const EndpointInfo* info = default_endpoint(t))
            endpoints[t] = {{"path", info->path}, {"method", info->method}};
    json e = price_fields(model, book);
    e["model_name"] = model;
    e["enable_groups"] = std::move(groups);
    e["supported_endpoint_types"] = types;
    e["wallet_available"] = true;
    e["subscription_available"] = true;
    return e;
}

// Changes whenever a price table does, so a client may keep what it fetched until then.
std::string pricing_version(const Options& o) {
    std::string tables;
    for (const char* key : {"ModelRatio", "ModelPrice", "CompletionRatio", "CacheRatio", "GroupRatio"})
        tables += o.str(key) + '\x1f';
    return to_hex(sha256(tables)).substr(0, 32);
}

// New API's GET /api/pricing: the models the caller's usable groups reach, with their prices and
// endpoints; the group ratios, usable and auto groups for that caller.
json pricing(AppContext& ctx, const http::HttpRequest& req) {
    Options o(ctx.cache);
    auto user = credential_owner(req, ctx);
    json usable = usable_groups(o, user ? user->group : "");
    auto book = billing::PriceBook::current(ctx.cache);
    json data = json::array(), endpoints = json::object();
    for (const auto& [model, served] : served_models(ctx))
        if (json e = model_entry(model, served, usable, *book, endpoints); !e.is_null()) data.push_back(std::move(e));
    json ratios = json::object(), autos = json::array();
    for (const auto& [group, _] : usable.items())  // what this caller pays there (GroupGroupRatio)
        ratios[group] = user ? book->group_ratio(user->group, group) : book->group_ratio(group);
    json configured_autos = parse_json(o.str("AutoGroups"));
    if (configured_autos.is_array())
        for (const auto& g : configured_autos)
            if (g.is_string() && usable.contains(g.get<std::string>())) autos.push_back(g);
    return {{"success", true},
            {"data", data},
            {"vendors", json::array()},
            {"group_ratio", ratios},
            {"usable_group", usable},
            {"supported_endpoint", endpoints},
            {"auto_groups", autos},
            {"pricing_version", pricing_version(o)},
            {"quota_per_unit", book->quota_per_unit()}};
}

}  // namespace

void register_pricing_api(http::Router& router, AppContext& ctx) {
    router.get(
        "/api/pricing",
        [&ctx](http::HttpRequest& req, const http::Responder& res) {
            res.send(200, pricing(ctx, req).dump(-1, ' ', false, json::error_handler_t::replace));
        },
        http::Exec::worker);
}

}  // namespace gw::api
