#include "api/channel_api.hpp"

#include "api/auth.hpp"
#include "api/common.hpp"
#include "api/input.hpp"
#include "api/reply.hpp"
#include "api/security_proof.hpp"
#include "api/views.hpp"
#include "common/json_bounded.hpp"
#include "common/strings.hpp"
#include "plugin/catalog.hpp"
#include "relay/channel_keys.hpp"
#include "store/cache.hpp"
#include "store/channel_repo.hpp"

#include <nlohmann/json.hpp>

#include <set>

namespace gw::api {
namespace {

using nlohmann::json;

// What the channel editor may change: never used_quota or balance, which only their own updates
// move, nor test results and multi-key state.
const std::vector<std::string_view> kEditable = {"type",       "name",           "openai_organization",
                                                 "test_model", "status",         "weight",
                                                 "priority",   "auto_ban",       "base_url",
                                                 "other",      "models",         "group",
                                                 "tag",        "remark",         "other_info",
                                                 "key",        "model_mapping",  "status_code_mapping",
                                                 "setting",    "param_override", "header_override",
                                                 "settings"};

// A JSON text field (mapping, overrides): empty or a JSON object.
void check_json_object(const std::string& field, const std::string& value) {
    if (value.empty()) return;
    auto j = parse_json(value);
    if (!j.is_object()) throw http::ClientError(field + " 必须是合法的 JSON 对象");
}

// Copies the channel fields present in `in` onto c.
void apply_fields(const Input& in, store::Channel& c) {
    if (auto v = in.integer("type")) c.type = static_cast<int>(*v);
    if (auto v = in.str("name", 191)) c.name = *v;
    if (auto v = in.str("openai_organization", 191)) c.openai_organization = *v;
    if (auto v = in.str("test_model", 191)) c.test_model = *v;
    if (auto v = in.integer("status")) c.status = static_cast<int>(*v);
    if (auto v = in.integer("weight")) c.weight = *v;
    if (auto v = in.integer("priority")) c.priority = *v;
    if (auto v = in.integer("auto_ban")) c.auto_ban = static_cast<int>(*v);
    if (auto v = in.str("base_url", 191)) c.base_url = *v;
    if (auto v = in.str("other", 65536)) c.other = *v;
    if (auto v = in.list("models", 1 << 20)) c.models = join(split_trimmed(*v, ','), ",");
    if (auto v = in.list("group", 1024)) c.group = join(split_trimmed(*v, ','), ",");
    if (auto v = in.str("tag", 191)) c.tag = *v;
    if (auto v = in.str("remark", 255)) c.remark = *v;
    if (auto v = in.str("other_info", 65536)) c.other_info = *v;
    for (auto [key, field] : {std::pair{"model_mapping", &store::Channel::model_mapping},
                              {"status_code_mapping", &store::Channel::status_code_mapping},
                              {"setting", &store::Channel::setting},
                              {"param_override", &store::Channel::param_override},
                              {"header_override", &store::Channel::header_override},
                              {"settings", &store::Channel::settings}})
        if (auto v = in.str(key, 1 << 20)) {
            check_json_object(key, *v);
            c.*field = *v;
        }
    if (c.weight < 0) throw http::ClientError("权重不能为负数");
    if (c.group.empty()) c.group = "default";
}

void check_type(const AppContext& ctx, const store::Channel& c) {
    if (!ctx.plugins.current()->provider_for_type(c.type))
        throw http::ClientError("渠道类型 " + std::to_string(c.type) +
                                " 没有已加载的提供方插件 (no provider plugin serves this type)");
}

json page_of_channels(AppContext& ctx, const store::Where& w, const http::HttpRequest& req) {
    store::Page page = page_of(req);
    std::string order =
        query_str(req, "id_sort") == "true" ? "ORDER BY `id` DESC" : "ORDER BY `priority` DESC, `id` DESC";
    auto rows = current(ctx, [&] { return store::list_channels(ctx.db, w, order, page); });
    // A channel whose type no loaded plugin serves says so (plugin removed, disabled or refused).
    auto registry = ctx.plugins.current();
    auto view = [&registry](const store::Channel& c) {
        json j = channel_json(c);
        j["plugin_missing"] = !registry->provider_for_type(c.type).has_value();
        return j;
    };
    return page_json(rows_json(rows.items, view), rows.total, page);
}

// The list's filters; `by_type` false leaves the type out (for the per-type counts).
store::Where filters(const http::HttpRequest& req, bool by_type = true) {
    store::Where w;
    if (int64_t status = query_int(req, "status", 0); status > 0) w.eq("status", status);
    if (std::string s = query_str(req, "status"); s == "enabled") w.eq("status", int64_t{1});
    if (std::string s = query_str(req, "status"); s == "disabled") w.add("`status` <> 1");
    if (int64_t type = query_int(req, "type", 0); type > 0 && by_type) w.eq("type", type);
    if (std::string tag = query_str(req, "tag"); !tag.empty()) w.eq("tag", tag);
    if (std::string g = query_str(req, "group"); !g.empty())
        w.add("(`group` = ? OR `group` LIKE ? OR `group` LIKE ? OR `group` LIKE ?)",
              {g, g + ",%", "%," + g, "%," + g + ",%"});
    if (std::string m = query_str(req, "model"); !m.empty()) w.add("`models` LIKE ?", {"%" + m + "%"});
    if (std::string kw = query_str(req, "keyword"); !kw.empty()) {
        std::string like = "%" + kw + "%";
        w.add("(`id` = ? OR `name` LIKE ? OR `base_url` LIKE ? OR `tag` LIKE ?)",
              {query_int(req, "keyword", -1), like, like, like});
    }
    return w;
}

// A page of channels with New API's type_counts: channels per type under every filter but the type.
void list(AppContext& ctx, const store::User&, const http::HttpRequest& req, const http::Responder& res) {
    json page = page_of_channels(ctx, filters(req), req);
    json counts = json::object();
    for (const auto& [type, n] : store::count_channels_by_type(ctx.db, filters(req, false)))
        counts[std::to_string(type)] = n;
    page["type_counts"] = std::move(counts);
    reply_data(res, page);
}

// New API's FixChannelsAbilities.
void fix(AppContext& ctx, const store::User&, const http::HttpRequest&, const http::Responder& res) {
    auto [fixed, failed] = store::fix_abilities(ctx.db);
    ctx.cache.reload_channels();
    reply_data(res, {{"success", fixed}, {"fails", failed}});
}

// New API's GetTagModels: the longest model list among the tag's channels.
void tag_models(AppContext& ctx, const store::User&, const http::HttpRequest& req, const http::Responder& res) {
    std::string tag = query_str(req, "tag");
    if (tag.empty()) return reply_error(res, "tag不能为空", 400);
    std::string longest;
    size_t most = 0;
    for (const auto& [id, c] : *ctx.cache.channels.all())
        if (c->tag == tag && !c->models.empty())
            if (size_t n = split_trimmed(c->models, ',').size(); n > most) {
                most = n;
                longest = c->models;
            }
    reply_data(res, longest);
}

void get(AppContext& ctx, const store::User&, const http::HttpRequest& req, const http::Responder& res) {
    auto c = current(ctx, [&] { return store::find_channel(ctx.db, id_param(req)); });
    if (!c) return reply_error(res, "渠道不存在");
    reply_data(res, channel_json(*c));
}

std::vector<store::Channel> channels_to_add(const Input& in, const json& body, const std::string& mode) {
    Input fields(body);
    store::Channel base;
    base.created_time = now_seconds();
    apply_fields(fields, base);
    std::string key_text = fields.str("key", 1 << 20).value_or("");
    std::vector<std::string> keys = relay::all_keys(key_text);
    if (keys.empty()) throw http::ClientError("无效的参数: key is required");
    std::vector<store::Channel> out;
    if (mode == "batch") {
        for (const auto& k : keys) {
            store::Channel c = base;
            c.key = k;
            out.push_back(c);
        }
    } else if (mode == "multi_to_single") {
        base.key = join(keys, "\n");
        std::string key_mode = in.str("multi_key_mode", 16).value_or("random");
        if (key_mode != "random" && key_mode != "polling") throw http::ClientError("无效的参数: multi_key_mode");
        base.channel_info =
            json{{"is_multi_key", true}, {"multi_key_size", keys.size()}, {"multi_key_mode", key_mode}}.dump();
        out.push_back(base);
    } else {
        base.key = trim(key_text);
        out.push_back(base);
    }
    return out;
}

void create(AppContext& ctx, const store::User&, const http::HttpRequest& req, const http::Responder& res) {
    Input in(req);
    std::string mode = in.str("mode", 32).value_or("single");
    if (mode != "single" && mode != "batch" && mode != "multi_to_single") return reply_error(res, "无效的参数: mode");
    const json& body =
        in.json().contains("channel") && in.json()["channel"].is_object() ? in.json()["channel"] : in.json();
    auto channels = channels_to_add(in, body, mode);
    for (const auto& c : channels) check_type(ctx, c);
    auto ids = store::insert_channels(ctx.db, channels);
    ctx.cache.reload_channels();
    reply_data(res, ids);
}

void update(AppContext& ctx, const store::User&, const http::HttpRequest& req, const http::Responder& res) {
    Input in(req);
    auto id = in.integer("id");
    if (!id) return reply_error(res, "无效的参数");
    auto c = store::find_channel(ctx.db, *id);
    if (!c) return reply_error(res, "渠道不存在");
    apply_fields(in, *c);
    check_type(ctx, *c);
    if (auto key = in.str("key", 1 << 20); key && !trim(*key).empty()) c->key = trim(*key);
    store::update_channel(ctx.db, *c, kEditable);
    ctx.cache.reload_channels();
    reply_data(res, channel_json(*c));
}

void remove_where(AppContext& ctx, const store::Where& w, const http::Responder& res) {
    int64_t n = store::delete_channels(ctx.db, w);
    ctx.cache.reload_channels();
    reply_data(res, n);
}

void remove(AppContext& ctx, const store::User&, const http::HttpRequest& req, const http::Responder& res) {
    store::Where w;
    w.eq("id", id_param(req));
    remove_where(ctx, w, res);
}

void remove_disabled(AppContext& ctx, const store::User&, const http::HttpRequest&, const http::Responder& res) {
    store::Where w;
    w.add("`status` <> 1");
    remove_where(ctx, w, res);
}

void remove_batch(AppContext& ctx, const store::User&, const http::HttpRequest& req, const http::Responder& res) {
    std::vector<int64_t> ids = Input(req).ids("ids");
    std::string marks;
    store::Params params;
    for (int64_t id : ids) {
        marks += marks.empty() ? "?" : ",?";
        params.push_back(id);
    }
    store::Where w;
    w.add("`id` IN (" + marks + ")", params);
    remove_where(ctx, w, res);
}

// Applies fn to every channel of a tag (or the given ids) and saves the columns it may change.
template <class Fn>
int64_t for_each_channel(AppContext& ctx, const store::Where& w, const std::vector<std::string_view>& columns, Fn fn) {
    auto rows = store::list_channels(ctx.db, w, "ORDER BY `id`", {1, 1000000});
    for (auto& c : rows.items) {
        fn(c);
        store::update_channel(ctx.db, c, columns);
    }
    ctx.cache.reload_channels();
    return static_cast<int64_t>(rows.items.size());
}

store::Where by_tag(const Input& in) {
    std::string tag = in.required("tag", 191);
    store::Where w;
    w.eq("tag", tag);
    return w;
}

void tag_status(AppContext& ctx, const http::HttpRequest& req, const http::Responder& res, int status) {
    Input in(req);
    reply_data(res, for_each_channel(ctx, by_tag(in), {"status"}, [status](store::Channel& c) { c.status = status; }));
}

void tag_edit(AppContext& ctx, const store::User&, const http::HttpRequest& req, const http::Responder& res) {
    Input in(req);
    store::Where w = by_tag(in);
    auto new_tag = in.str("new_tag", 191);
    auto priority = in.integer("priority");
    auto weight = in.integer("weight");
    auto models = in.list("models", 1 << 20);
    auto groups = in.list("groups", 1024);
    auto mapping = in.str("model_mapping", 1 << 20);
    if (mapping) check_json_object("model_mapping", *mapping);
    reply_data(res, for_each_channel(ctx, w, {"tag", "priority", "weight", "models", "group", "model_mapping"},
                                     [&](store::Channel& c) {
                                         if (new_tag) c.tag = *new_tag;
                                         if (priority) c.priority = *priority;
                                         if (weight) c.weight = *weight;
                                         if (models) c.models = join(split_trimmed(*models, ','), ",");
                                         if (groups) c.group = join(split_trimmed(*groups, ','), ",");
                                         if (mapping) c.model_mapping = *mapping;
                                     }));
}

void batch_tag(AppContext& ctx, const store::User&, const http::HttpRequest& req, const http::Responder& res) {
    Input in(req);
    std::vector<int64_t> ids = in.ids("ids");
    std::string tag = in.str("tag", 191).value_or("");
    int64_t n = 0;
    for (int64_t id : ids)
        if (auto c = store::find_channel(ctx.db, id)) {
            c->tag = tag;
            store::update_channel(ctx.db, *c, {"tag"});
            ++n;
        }
    ctx.cache.reload_channels();
    reply_data(res, n);
}

void copy(AppContext& ctx, const store::User&, const http::HttpRequest& req, const http::Responder& res) {
    auto c = store::find_channel(ctx.db, id_param(req));
    if (!c) return reply_error(res, "渠道不存在");
    std::string suffix = req.query_param("suffix").value_or("_复制");
    c->name += suffix;
    c->created_time = now_seconds();
    c->used_quota = 0;
    c->test_time = 0;
    c->response_time = 0;
    if (query_str(req, "reset_balance") != "false") c->balance = 0;
    int64_t id = store::insert_channel(ctx.db, *c);
    ctx.cache.reload_channels();
    reply_data(res, {{"id", id}});
}

// Every model the loaded provider plugins declare, in OpenAI's model-list shape.
void models(AppContext& ctx, const store::User&, const http::HttpRequest&, const http::Responder& res) {
    json out = json::array();
    std::set<std::string> seen;
    auto registry = ctx.plugins.current();
    for (const auto& p : registry->loaded())
        for (const auto& prov : p.providers)
            for (const auto& t : prov.channel_types)
                for (const auto& m : t.default_models)
                    if (seen.insert(m).second)
                        out.push_back({{"id", m}, {"object", "model"}, {"created", 1626777600}, {"owned_by", t.name}});
    reply_data(res, out);
}

void models_enabled(AppContext& ctx, const store::User&, const http::HttpRequest&, const http::Responder& res) {
    std::set<std::string> names;
    for (const auto& [group, models] : ctx.cache.channel_index()->by_group_model)
        for (const auto& [model, list] : models) names.insert(model);
    reply_data(res, std::vector<std::string>(names.begin(), names.end()));
}

// The key in full, for root only and only with a fresh secure verification (New API's rule).
void reveal_key(AppContext& ctx, const store::User& me, const http::HttpRequest& req, const http::Responder& res) {
    if (!require_proof(ctx, me, kScopeChannelKeyRead, req, res)) return;
    auto c = store::find_channel(ctx.db, id_param(req));
    if (!c) return reply_error(res, "渠道不存在");
    res.send(200, json{{"success", true}, {"message", ""}, {"data", {{"key", c->key}}}}.dump(), "application/json",
             {{"Cache-Control", "no-store"}});
}

}  // namespace

void register_channel_api(http::Router& router, AppContext& ctx) {
    auto admin = [&ctx](UserHandler fn) { return with_user(ctx, kRoleAdmin, fn); };
    router.get("/api/channel/", admin(&list));
    router.get("/api/channel/search", admin(&list));
    router.get("/api/channel/models", admin(&models));
    router.get("/api/channel/tag/models", admin(&tag_models));
    router.post("/api/channel/fix", admin(&fix));
    router.get("/api/channel/models_enabled", admin(&models_enabled));
    router.get("/api/channel/:id", admin(&get));
    router.post("/api/channel/", admin(&create));
    router.put("/api/channel/", admin(&update));
    router.del("/api/channel/disabled", admin(&remove_disabled));
    router.del("/api/channel/:id", admin(&remove));
    router.post("/api/channel/batch", admin(&remove_batch));
    router.post("/api/channel/tag/disabled", with_user(ctx, kRoleAdmin,
                                                       [](AppContext& c, const store::User&, const http::HttpRequest& r,
                                                          const http::Responder& s) { tag_status(c, r, s, 2); }));
    router.post("/api/channel/tag/enabled", with_user(ctx, kRoleAdmin,
                                                      [](AppContext& c, const store::User&, const http::HttpRequest& r,
                                                         const http::Responder& s) { tag_status(c, r, s, 1); }));
    router.put("/api/channel/tag", admin(&tag_edit));
    router.post("/api/channel/batch/tag", admin(&batch_tag));
    router.post("/api/channel/copy/:id", admin(&copy));
    router.post("/api/channel/:id/key", with_user(ctx, kRoleRoot, &reveal_key));
}

}  // namespace gw::api
