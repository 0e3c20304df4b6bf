#include "store/channel_repo.hpp"

#include "common/strings.hpp"
#include "store/orm.hpp"
#include "store/transaction.hpp"

#include <set>

namespace gw::store {
namespace {

void write_abilities(Database& db, Poco::Data::Session& s, const Channel& c) {
    execute(db, s, "DELETE FROM `abilities` WHERE `channel_id` = ?", {c.id});
    for (const Ability& a : abilities_of(c))
        execute(db, s, "INSERT INTO `abilities` (" + column_list<Ability>() + ") VALUES (?,?,?,?,?,?,?)", values_of(a));
}

}  // namespace

std::vector<Channel> load_channels(Database& db) {
    auto s = db.session();
    return select_rows<Channel>(db, s, "ORDER BY `id`");
}

std::vector<Ability> load_abilities(Database& db) {
    auto s = db.session();
    return select_rows<Ability>(db, s, "");
}

std::optional<Channel> find_channel(Database& db, int64_t id) {
    auto s = db.session();
    return select_one<Channel>(db, s, "WHERE `id` = ?", {id});
}

std::pair<int64_t, int64_t> fix_abilities(Database& db) {
    int64_t fixed = 0, failed = 0;
    for (const Channel& c : load_channels(db)) try {
            auto s = db.session();
            Transaction txn(db, s);
            write_abilities(db, s, c);
            txn.commit();
            ++fixed;
        } catch (const std::exception&) {
            ++failed;
        }
    return {fixed, failed};
}

std::map<int64_t, int64_t> count_channels_by_type(Database& db, const Where& where) {
    auto s = db.session();
    std::vector<Poco::Int64> types, counts;
    Poco::Data::Statement st(s);
    st << db.sql("SELECT `type`, count(*) FROM `channels` " + where.sql() + " GROUP BY `type`"),
        Poco::Data::Keywords::into(types), Poco::Data::Keywords::into(counts);
    bind_params(st, where.params());
    st.execute();
    std::map<int64_t, int64_t> out;
    for (size_t i = 0; i < types.size() && i < counts.size(); ++i) out[types[i]] = counts[i];
    return out;
}

Rows<Channel> list_channels(Database& db, const Where& where, const std::string& order, const Page& page) {
    auto s = db.session();
    return select_page<Channel>(db, s, where, order, page);
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

std::vector<int64_t> insert_channels(Database& db, const std::vector<Channel>& channels) {
    auto s = db.session();
    Transaction tx(db, s);
    std::vector<int64_t> ids;
    for (const Channel& c : channels) {
        Channel row = c;
        row.id = insert_row(db, s, c);
        write_abilities(db, s, row);
        ids.push_back(row.id);
    }
    tx.commit();
    return ids;
}

int64_t insert_channel(Database& db, const Channel& c) {
    return insert_channels(db, {c}).front();
}

void update_channel(Database& db, const Channel& c, const std::vector<std::string_view>& columns) {
    refuse_money_columns(columns, {"used_quota", "balance"});
    auto s = db.session();
    Transaction tx(db, s);
    update_columns(db, s, c, columns);
    write_abilities(db, s, c);
    tx.commit();
}

void record_channel_test(Database& db, int64_t id, int64_t response_ms, int64_t now) {
    auto s = db.session();
    execute(db, s, "UPDATE `channels` SET `response_time` = ?, `test_time` = ? WHERE `id` = ?", {response_ms, now, id});
}

int64_t delete_channels(Database& db, const Where& where) {
    auto s = db.session();
    Transaction tx(db, s);
    std::vector<Channel> doomed = select_rows<Channel>(db, s, where.sql(), where.params());
    for (const Channel& c : doomed) {
        execute(db, s, "DELETE FROM `abilities` WHERE `channel_id` = ?", {c.id});
        execute(db, s, "DELETE FROM `channels` WHERE `id` = ?", {c.id});
    }
    tx.commit();
    return static_cast<int64_t>(doomed.size());
}

}  // namespace gw::store
