#include "store/ledger_cursor.hpp"

#include <ctime>

namespace gw::store {

int64_t read_ledger_cursor(Database& db, Poco::Data::Session& s, const std::string& journal) {
    if (query_int(db, s, "SELECT count(*) FROM `ledger_cursors` WHERE `journal` = ?", {journal}) == 0)
        execute(db, s, "INSERT INTO `ledger_cursors` (`journal`,`seq`,`updated_at`) VALUES (?,0,?)",
                {journal, static_cast<int64_t>(std::time(nullptr))});
    return query_int(db, s, "SELECT `seq` FROM `ledger_cursors` WHERE `journal` = ?", {journal});
}

bool advance_ledger_cursor(Database& db, Poco::Data::Session& s, const std::string& journal, int64_t from, int64_t to) {
    return execute(db, s, "UPDATE `ledger_cursors` SET `seq` = ?, `updated_at` = ? WHERE `journal` = ? AND `seq` = ?",
                   {to, static_cast<int64_t>(std::time(nullptr)), journal, from}) == 1;
}

}  // namespace gw::store
