#include "store/channel_repo.hpp"

#include "common/strings.hpp"
#include "store/orm.hpp"

#include <Poco/Data/Session.h>

#include <set>

namespace gw::store {

std::vector<Channel> load_channels(Database& db) {
    auto s = db.session();
    return select_rows<Channel>(db, s, "ORDER BY `id`");
}

std::vector<Ability> load_abilities(Database& db) {
    auto s = db.session();
    return select_rows<Ability>(db, s, "");
}

std::vector<Ability> abilities_of(const Channel& c) {
    std::vector<Ability> out;
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& g : split_trimmed(c.group, ','))
        for (const auto& m : split_trimmed(c.models, ','))
            if (seen.insert({g, m}).second)
                out.push_back(Ability{g, m, c.id, c.status == 1, c.priority, c.weight, c.tag});
    return out;
}

int64_t insert_channel(Database& db, const Channel& c) {
    auto s = db.session();
    s.begin();
    try {
        Channel row = c;
        row.id = insert_row(db, s, c);
        for (const Ability& a : abilities_of(row))
            execute(db, s, "INSERT INTO `abilities` (" + column_list<Ability>() + ") VALUES (?,?,?,?,?,?,?)",
                    values_of(a));
        s.commit();
        return row.id;
    } catch (...) {
        s.rollback();
        throw;
    }
}

}  // namespace gw::store
