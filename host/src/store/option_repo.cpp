#include "store/option_repo.hpp"

#include "store/orm.hpp"
#include "store/transaction.hpp"

#include <Poco/Data/Session.h>

namespace gw::store {

std::map<std::string, std::string> load_options(Database& db) {
    auto s = db.session();
    std::map<std::string, std::string> out;
    for (auto& o : select_rows<Option>(db, s, "")) out[o.key] = std::move(o.value);
    return out;
}

void save_option(Database& db, const std::string& key, const std::string& value) {
    auto s = db.session();
    Transaction tx(db, s);
    if (execute(db, s, "UPDATE `options` SET `value` = ? WHERE `key` = ?", {value, key}) == 0)
        execute(db, s, "INSERT INTO `options` (`key`,`value`) VALUES (?,?)", {key, value});
    tx.commit();
}

}  // namespace gw::store
