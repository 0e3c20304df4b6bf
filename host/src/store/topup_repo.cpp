#include "store/topup_repo.hpp"

#include "store/log_repo.hpp"
#include "store/orm.hpp"
#include "store/transaction.hpp"

#include <cctype>

namespace gw::store {

int64_t insert_topup(Database& db, TopUp& row) {
    auto s = db.session();
    row.id = insert_row(db, s, row);
    return row.id;
}

std::optional<TopUp> find_topup(Database& db, const std::string& trade_no) {
    auto s = db.session();
    return select_one<TopUp>(db, s, "WHERE `trade_no` = ?", {trade_no});
}

Credit credit_topup(Database& db, const std::string& trade_no, const std::string& provider,
                    const std::string& pay_method, int64_t now, const PayoutOf& payout, const LogOf& make_log,
                    Database* log_db) {
    auto s = db.session();
    Transaction tx(db, s);
    auto row = select_one<TopUp>(db, s, std::string("WHERE `trade_no` = ?") + tx.lock_clause(), {trade_no});
    if (!row) return {CreditResult::not_found, {}, 0};
    Credit c{CreditResult::not_pending, *row, 0};
    if (!provider.empty() && row->payment_provider != provider) return {CreditResult::wrong_provider, *row, 0};
    if (row->status == "success") return {CreditResult::already_done, *row, 0};
    if (row->status != "pending") return c;
    std::optional<int64_t> quota = payout(*row);
    if (!quota || *quota <= 0) return {CreditResult::refused, *row, 0};
    std::string method = pay_method.empty() ? row->payment_method : pay_method;
    // The status guard: a concurrent writer that got here first leaves nothing to update.
    if (execute(db, s,
                "UPDATE `top_ups` SET `status` = 'success', `complete_time` = ?, `payment_method` = ? "
                "WHERE `id` = ? AND `status` = 'pending'",
                {now, method, row->id}) != 1)
        return {CreditResult::already_done, *row, 0};
    execute(db, s, "UPDATE `users` SET `quota` = `quota` + ? WHERE `id` = ?", {*quota, row->user_id});
    row->payment_method = method;
    Log log = make_log(*row, *quota);
    if (!log_db || log_db == &db) insert_row(db, s, log);
    tx.commit();
    if (log_db && log_db != &db) insert_log(*log_db, log);  // a log database of its own: after the money
    return {CreditResult::credited, *row, *quota};
}

bool close_topup(Database& db, const std::string& trade_no, const std::string& provider, const std::string& status) {
    auto s = db.session();
    return execute(db, s,
                   "UPDATE `top_ups` SET `status` = ? WHERE `trade_no` = ? AND `payment_provider` = ? "
                   "AND `status` = 'pending'",
                   {status, trade_no, provider}) == 1;
}

Rows<TopUp> list_topups(Database& db, int64_t user_id, int64_t since, const std::string& keyword, const Page& page) {
    auto s = db.session();
    Where w;
    if (user_id) w.eq("user_id", user_id);
    if (since) w.add("`create_time` >= ?", {since});
    std::string part;  // trade numbers are letters and digits: nothing else can match, no wildcard gets in
    for (char c : keyword)
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '-') part += c;
    if (!keyword.empty()) w.add("`trade_no` LIKE ?", {"%" + part + "%"});
    return select_page<TopUp>(db, s, w, "ORDER BY `id` DESC", page);
}

}  // namespace gw::store
