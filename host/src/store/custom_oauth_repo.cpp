#include "store/custom_oauth_repo.hpp"

#include "store/orm.hpp"
#include "store/sql_time.hpp"
#include "store/transaction.hpp"

namespace gw::store {

std::vector<CustomOAuthProvider> list_custom_providers(Database& db) {
    auto s = db.session();
    return select_rows<CustomOAuthProvider>(db, s, "ORDER BY `id` ASC");
}

std::optional<CustomOAuthProvider> find_custom_provider(Database& db, int64_t id) {
    auto s = db.session();
    return select_one<CustomOAuthProvider>(db, s, "WHERE `id` = ?", {id});
}

std::optional<CustomOAuthProvider> find_custom_provider(Database& db, const std::string& slug) {
    auto s = db.session();
    return select_one<CustomOAuthProvider>(db, s, "WHERE `slug` = ?", {slug});
}

bool custom_slug_taken(Database& db, const std::string& slug, int64_t except_id) {
    auto s = db.session();
    return query_int(db, s, "SELECT count(*) FROM `custom_oauth_providers` WHERE `slug` = ? AND `id` <> ?",
                     {slug, except_id}) > 0;
}

int64_t insert_custom_provider(Database& db, const CustomOAuthProvider& p, int64_t now) {
    auto s = db.session();
    int64_t id = insert_row(db, s, p);
    std::string at = sql_time_literal(now);
    execute(db, s,
            "UPDATE `custom_oauth_providers` SET `created_at` = " + at + ", `updated_at` = " + at + " WHERE `id` = ?",
            {id});
    return id;
}

void update_custom_provider(Database& db, const CustomOAuthProvider& p, int64_t now) {
    auto s = db.session();
    std::vector<std::string_view> cols;
    for_each_field<CustomOAuthProvider>([&](auto f) {
        if (std::string_view(f.name) != "id") cols.push_back(f.name);
    });
    update_columns(db, s, p, cols);
    execute(db, s, "UPDATE `custom_oauth_providers` SET `updated_at` = " + sql_time_literal(now) + " WHERE `id` = ?",
            {p.id});
}

void delete_custom_provider(Database& db, int64_t id) {
    auto s = db.session();
    Transaction tx(db, s);
    execute(db, s, "DELETE FROM `user_oauth_bindings` WHERE `provider_id` = ?", {id});
    execute(db, s, "DELETE FROM `custom_oauth_providers` WHERE `id` = ?", {id});
    tx.commit();
}

std::vector<UserOAuthBinding> bindings_of_user(Database& db, int64_t user_id) {
    auto s = db.session();
    return select_rows<UserOAuthBinding>(db, s, "WHERE `user_id` = ? ORDER BY `provider_id`", {user_id});
}

std::optional<UserOAuthBinding> find_binding(Database& db, int64_t provider_id, const std::string& provider_user_id) {
    auto s = db.session();
    return select_one<UserOAuthBinding>(db, s, "WHERE `provider_id` = ? AND `provider_user_id` = ?",
                                        {provider_id, provider_user_id});
}

bool bind_account(Database& db, int64_t user_id, int64_t provider_id, const std::string& provider_user_id,
                  int64_t now) {
    bool bound = false;
    {
        auto s = db.session();
        Transaction tx(db, s);
        execute(db, s, "DELETE FROM `user_oauth_bindings` WHERE `user_id` = ? AND `provider_id` = ?",
                {user_id, provider_id});
        std::string at = sql_time_literal(now);
        try {
            execute(db, s,
                    "INSERT INTO `user_oauth_bindings` (`user_id`, `provider_id`, `provider_user_id`, `created_at`, "
                    "`updated_at`) VALUES (?, ?, ?, " +
                        at + ", " + at + ")",
                    {user_id, provider_id, provider_user_id});
            bound = true;
        } catch (const std::exception&) {
            // The unique index: the account is someone's already. Rolled back with the delete.
        }
        if (bound) tx.commit();
    }
    if (bound) return true;
    auto holder = find_binding(db, provider_id, provider_user_id);
    return holder && holder->user_id == user_id;
}

bool unbind_account(Database& db, int64_t user_id, int64_t provider_id) {
    auto s = db.session();
    return execute(db, s, "DELETE FROM `user_oauth_bindings` WHERE `user_id` = ? AND `provider_id` = ?",
                   {user_id, provider_id}) > 0;
}

}  // namespace gw::store
