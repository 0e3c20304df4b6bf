#include "store/prefill_group_repo.hpp"

#include "store/orm.hpp"
#include "store/sql_time.hpp"

namespace gw::store {

std::vector<PrefillGroup> list_prefill_groups(Database& db, const std::string& type) {
    auto s = db.session();
    if (type.empty())
        return select_rows<PrefillGroup>(db, s, "WHERE `deleted_at` IS NULL ORDER BY `updated_time` DESC, `id` DESC");
    return select_rows<PrefillGroup>(
        db, s, "WHERE `deleted_at` IS NULL AND `type` = ? ORDER BY `updated_time` DESC, `id` DESC", {type});
}

std::optional<PrefillGroup> find_prefill_group(Database& db, int64_t id) {
    auto s = db.session();
    return select_one<PrefillGroup>(db, s, "WHERE `id` = ? AND `deleted_at` IS NULL", {id});
}

bool prefill_name_taken(Database& db, const std::string& name, int64_t except_id) {
    auto s = db.session();
    return query_int(db, s,
                     "SELECT count(*) FROM `prefill_groups` WHERE `name` = ? AND `id` <> ? AND `deleted_at` IS NULL",
                     {name, except_id}) > 0;
}

int64_t insert_prefill_group(Database& db, PrefillGroup g) {
    auto s = db.session();
    return insert_row(db, s, g);
}

bool update_prefill_group(Database& db, const PrefillGroup& g) {
    auto s = db.session();
    return execute(db, s,
                   "UPDATE `prefill_groups` SET `name` = ?, `type` = ?, `items` = ?, `description` = ?, "
                   "`updated_time` = ? WHERE `id` = ? AND `deleted_at` IS NULL",
                   {g.name, g.type, g.items, g.description, g.updated_time, g.id}) > 0;
}

bool delete_prefill_group(Database& db, int64_t id, int64_t now) {
    auto s = db.session();
    return execute(db, s,
                   "UPDATE `prefill_groups` SET `deleted_at` = " + sql_time_literal(now) +
                       " WHERE `id` = ? AND `deleted_at` IS NULL",
                   {id}) > 0;
}

}  // namespace gw::store
