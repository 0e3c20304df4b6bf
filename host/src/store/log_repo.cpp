#include "store/log_repo.hpp"

#include "store/orm.hpp"

namespace gw::store {

int64_t insert_log(Database& db, const Log& log) {
    auto s = db.session();
    return insert_row(db, s, log);
}

Rows<Log> list_logs(Database& db, const Where& where, const Page& page) {
    auto s = db.session();
    return select_page<Log>(db, s, where, "ORDER BY `id` DESC", page);
}

LogStat log_stat(Database& db, const Where& where, int64_t now) {
    auto s = db.session();
    Where consume = where;
    consume.eq("type", int64_t{2});
    LogStat st;
    st.quota = query_int(db, s, "SELECT COALESCE(SUM(`quota`),0) FROM `logs` " + consume.sql(), consume.params());
    Where minute = consume;
    minute.add("`created_at` >= ?", {now - 60});
    st.rpm = query_int(db, s, "SELECT count(*) FROM `logs` " + minute.sql(), minute.params());
    st.tpm =
        query_int(db, s, "SELECT COALESCE(SUM(`prompt_tokens` + `completion_tokens`),0) FROM `logs` " + minute.sql(),
                  minute.params());
    return st;
}

int64_t delete_logs_before(Database& db, int64_t timestamp) {
    auto s = db.session();
    return static_cast<int64_t>(execute(db, s, "DELETE FROM `logs` WHERE `created_at` < ?", {timestamp}));
}

std::vector<QuotaData> list_quota_data(Database& db, const Where& where) {
    auto s = db.session();
    return select_rows<QuotaData>(db, s, where.sql() + " ORDER BY `created_at`", where.params());
}

}  // namespace gw::store
