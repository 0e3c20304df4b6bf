#include "store/task_repo.hpp"

#include "store/log_repo.hpp"
#include "store/orm.hpp"
#include "store/transaction.hpp"

namespace gw::store {
namespace {

void move_money(Database& db, Poco::Data::Session& s, const MoneyMove& m, Database* log_db) {
    if (m.quota != 0 || m.counts_request) {
        execute(db, s,
                "UPDATE `users` SET `quota` = `quota` - ?, `used_quota` = `used_quota` + ?, "
                "`request_count` = `request_count` + ? WHERE `id` = ?",
                {m.quota, m.quota, static_cast<int64_t>(m.counts_request ? 1 : 0), m.user_id});
        if (m.token_id)
            execute(db, s,
                    "UPDATE `tokens` SET `remain_quota` = `remain_quota` - ?, `used_quota` = `used_quota` + ? "
                    "WHERE `id` = ?",
                    {m.quota, m.quota, m.token_id});
        if (m.channel_id)
            execute(db, s, "UPDATE `channels` SET `used_quota` = `used_quota` + ? WHERE `id` = ?",
                    {m.quota, m.channel_id});
    }
    if (m.log.type != 0 && (!log_db || log_db == &db)) insert_row(db, s, m.log);
}

// The log goes to its own database (LOG_SQL_DSN) after the money, as the ledger does.
void log_elsewhere(Database& db, const MoneyMove& m, Database* log_db) {
    if (m.log.type != 0 && log_db && log_db != &db) insert_log(*log_db, m.log);
}

template <class Row>
int64_t insert_charged(Database& db, Row& row, const MoneyMove& charge, Database* log_db) {
    auto s = db.session();
    Transaction tx(db, s);
    row.id = insert_row(db, s, row);
    move_money(db, s, charge, log_db);
    tx.commit();
    log_elsewhere(db, charge, log_db);
    return row.id;
}

template <class Row>
bool update_guarded(Database& db, const Row& row, const std::vector<std::string_view>& columns,
                    const std::string& from_status, const std::optional<MoneyMove>& money, Database* log_db) {
    auto s = db.session();
    Transaction tx(db, s);
    if (update_columns(db, s, row, columns, "AND `status` = ?", {from_status}) != 1) return false;
    if (money) move_money(db, s, *money, log_db);
    tx.commit();
    if (money) log_elsewhere(db, *money, log_db);
    return true;
}

std::string in_list(size_t n) {
    std::string marks;
    for (size_t i = 0; i < n; ++i) marks += i ? ",?" : "?";
    return "(" + marks + ")";
}

template <class Row>
std::vector<Row> find_by(Database& db, const char* column, int64_t user_id, const std::vector<std::string>& ids) {
    if (ids.empty()) return {};
    Params p;
    for (const auto& id : ids) p.push_back(id);
    std::string tail = "WHERE `" + std::string(column) + "` IN " + in_list(ids.size());
    if (user_id) {
        tail += " AND `user_id` = ?";
        p.push_back(user_id);
    }
    auto s = db.session();
    return select_rows<Row>(db, s, tail + " ORDER BY `id`", p);
}

}  // namespace

int64_t insert_task(Database& db, Task& row, const MoneyMove& charge, Database* log_db) {
    return insert_charged(db, row, charge, log_db);
}

int64_t insert_midjourney(Database& db, Midjourney& row, const MoneyMove& charge, Database* log_db) {
    return insert_charged(db, row, charge, log_db);
}

std::optional<Task> find_task(Database& db, int64_t user_id, const std::string& task_id) {
    auto rows = find_by<Task>(db, "task_id", user_id, {task_id});
    return rows.empty() ? std::nullopt : std::optional<Task>(rows.front());
}

std::vector<Task> find_tasks(Database& db, int64_t user_id, const std::vector<std::string>& task_ids) {
    return find_by<Task>(db, "task_id", user_id, task_ids);
}

std::optional<Midjourney> find_midjourney(Database& db, int64_t user_id, const std::string& mj_id) {
    auto rows = find_by<Midjourney>(db, "mj_id", user_id, {mj_id});
    return rows.empty() ? std::nullopt : std::optional<Midjourney>(rows.front());
}

std::vector<Midjourney> find_midjourneys(Database& db, int64_t user_id, const std::vector<std::string>& mj_ids) {
    return find_by<Midjourney>(db, "mj_id", user_id, mj_ids);
}

std::vector<Task> unfinished_tasks(Database& db, int limit) {
    auto s = db.session();
    return select_rows<Task>(db, s,
                             "WHERE `progress` <> '100%' AND `status` <> 'FAILURE' AND `status` <> 'SUCCESS' "
                             "ORDER BY `id` LIMIT ?",
                             {static_cast<int64_t>(limit)});
}

std::vector<Midjourney> unfinished_midjourneys(Database& db, int limit) {
    auto s = db.session();
    return select_rows<Midjourney>(db, s,
                                   "WHERE `progress` <> '100%' AND `status` <> 'FAILURE' AND `status` <> 'SUCCESS' "
                                   "AND `mj_id` <> '' ORDER BY `id` LIMIT ?",
                                   {static_cast<int64_t>(limit)});
}

bool update_task(Database& db, const Task& row, const std::string& from_status, const std::optional<MoneyMove>& money,
                 Database* log_db) {
    return update_guarded(db, row,
                          {"updated_at", "status", "progress", "start_time", "finish_time", "fail_reason", "quota",
                           "private_data", "data"},
                          from_status, money, log_db);
}

bool update_midjourney(Database& db, const Midjourney& row, const std::string& from_status,
                       const std::optional<MoneyMove>& money, Database* log_db) {
    return update_guarded(db, row,
                          {"status", "progress", "prompt_en", "state", "start_time", "finish_time", "image_url",
                           "video_url", "video_urls", "fail_reason", "quota", "buttons", "properties", "description"},
                          from_status, money, log_db);
}

Rows<Task> list_tasks(Database& db, const Where& where, const Page& page) {
    auto s = db.session();
    return select_page<Task>(db, s, where, "ORDER BY `id` DESC", page);
}

Rows<Midjourney> list_midjourneys(Database& db, const Where& where, const Page& page) {
    auto s = db.session();
    return select_page<Midjourney>(db, s, where, "ORDER BY `id` DESC", page);
}

}  // namespace gw::store
