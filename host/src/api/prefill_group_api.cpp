#include "api/prefill_group_api.hpp"

#include "api/auth.hpp"
#include "api/common.hpp"
#include "api/input.hpp"
#include "api/reply.hpp"
#include "api/views.hpp"
#include "store/prefill_group_repo.hpp"

#include <nlohmann/json.hpp>

namespace gw::api {
namespace {

using nlohmann::json;
using H = const http::HttpRequest&;
using R = const http::Responder&;

json group_json(const store::PrefillGroup& g) {
    json items = json::parse(g.items, nullptr, false);
    json j = {{"id", g.id},
              {"name", g.name},
              {"type", g.type},
              {"items", items.is_discarded() ? json(nullptr) : items},
              {"created_time", g.created_time},
              {"updated_time", g.updated_time}};
    if (!g.description.empty()) j["description"] = g.description;  // omitempty, as New API
    return j;
}

// The body's fields; an error message when they do not make a group.
std::string read_group(const Input& in, store::PrefillGroup& g) {
    if (auto v = in.str("name", 64)) g.name = *v;
    if (auto v = in.str("type", 32)) g.type = *v;
    if (auto v = in.str("description", 255)) g.description = *v;
    if (in.has("items")) g.items = in.json()["items"].dump();
    if (g.name.empty() || g.type.empty()) return "组名称和类型不能为空";
    return {};
}

void create(AppContext& ctx, const store::User&, H req, R res) {
    Input in(req);
    store::PrefillGroup g;
    if (std::string why = read_group(in, g); !why.empty()) return reply_error(res, why);
    if (store::prefill_name_taken(ctx.db, g.name, 0)) return reply_error(res, "组名称已存在");
    g.created_time = g.updated_time = now_seconds();
    g.id = store::insert_prefill_group(ctx.db, g);
    reply_data(res, group_json(g));
}

void update(AppContext& ctx, const store::User&, H req, R res) {
    Input in(req);
    int64_t id = in.integer("id").value_or(0);
    if (id == 0) return reply_error(res, "缺少组 ID");
    auto g = store::find_prefill_group(ctx.db, id);
    if (!g) return reply_error(res, "组不存在");
    if (std::string why = read_group(in, *g); !why.empty()) return reply_error(res, why);
    if (store::prefill_name_taken(ctx.db, g->name, id)) return reply_error(res, "组名称已存在");
    g->updated_time = now_seconds();
    if (!store::update_prefill_group(ctx.db, *g)) return reply_error(res, "组不存在");
    reply_data(res, group_json(*g));
}

}  // namespace

void register_prefill_group_api(http::Router& router, AppContext& ctx) {
    router.get("/api/prefill_group", with_user(ctx, kRoleAdmin, [](AppContext& c, const store::User&, H req, R res) {
                   reply_data(res, rows_json(store::list_prefill_groups(c.db, query_str(req, "type")), group_json));
               }));
    router.post("/api/prefill_group", with_user(ctx, kRoleAdmin, &create));
    router.put("/api/prefill_group", with_user(ctx, kRoleAdmin, &update));
    router.del("/api/prefill_group/:id",
               with_user(ctx, kRoleAdmin, [](AppContext& c, const store::User&, H req, R res) {
                   if (!store::delete_prefill_group(c.db, id_param(req), now_seconds()))
                       return reply_error(res, "组不存在");
                   reply_data(res, nullptr);
               }));
}

}  // namespace gw::api
