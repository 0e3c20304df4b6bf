#include "store/migrator.hpp"

#include "common/error_text.hpp"
#include "common/log.hpp"
#include "store/schema.hpp"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include <algorithm>
#include <set>

namespace gw::store {
namespace {

std::set<std::string> existing_columns(Database& db, Poco::Data::Session& s, const std::string& table) {
    std::vector<std::string> names;
    Poco::Data::Statement st(s);
    if (db.dialect() == Dialect::sqlite)
        st << "SELECT name FROM pragma_table_info('" + table + "')", Poco::Data::Keywords::into(names);
    else
        st << db.sql(db.dialect() == Dialect::mysql ? "SELECT column_name FROM information_schema.columns WHERE "
                                                      "table_schema = DATABASE() AND table_name = ?"
                                                    : "SELECT column_name FROM information_schema.columns WHERE "
                                                      "table_schema = current_schema() AND table_name = ?"),
            Poco::Data::Keywords::into(names);
    if (db.dialect() != Dialect::sqlite) bind_params(st, {table});
    st.execute();
    std::set<std::string> out;
    for (auto& n : names) {
        std::transform(n.begin(), n.end(), n.begin(), ::tolower);
        out.insert(n);
    }
    return out;
}

bool index_exists(Database& db, Poco::Data::Session& s, const std::string& table, const std::string& name) {
    switch (db.dialect()) {
        case Dialect::sqlite:
            return query_int(db, s, "SELECT count(*) FROM sqlite_master WHERE type='index' AND name=?", {name}) > 0;
        case Dialect::mysql:
            return query_int(db, s,
                             "SELECT count(*) FROM information_schema.statistics WHERE "
                             "table_schema = DATABASE() AND table_name = ? AND index_name = ?",
                             {table, name}) > 0;
        case Dialect::postgres:
            return query_int(db, s, "SELECT count(*) FROM pg_indexes WHERE indexname = ?", {name}) > 0;
    }
    return false;
}

void create_table(Database& db, Poco::Data::Session& s, const TableDef& t) {
    std::string cols, pk;
    for (const auto& c : t.columns) {
        cols += (cols.empty() ? "" : ",") + column_sql(db.dialect(), c);
        if (c.primary) pk += (pk.empty() ? "`" : ",`") + c.name + "`";
    }
    if (!pk.empty()) cols += ",PRIMARY KEY (" + pk + ")";
    std::string sql = "CREATE TABLE IF NOT EXISTS `" + t.name + "` (" + cols + ")";
    if (db.dialect() == Dialect::mysql) sql += " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
    execute(db, s, sql);
}

void add_column(Database& db, Poco::Data::Session& s, const TableDef& t, Column c) {
    c.not_null = false;  // an added column must accept the rows that already exist
    execute(db, s, "ALTER TABLE `" + t.name + "` ADD COLUMN " + column_sql(db.dialect(), c));
}

void create_index(Database& db, Poco::Data::Session& s, const TableDef& t, const Index& ix) {
    std::string cols;
    for (const auto& c : ix.columns) cols += (cols.empty() ? "`" : ",`") + c + "`";
    execute(db, s,
            std::string("CREATE ") + (ix.unique ? "UNIQUE " : "") + "INDEX `" + ix.name + "` ON `" + t.name + "` (" +
                cols + ")");
}

// A database that already has a root user was set up before (One API had no setups table).
void record_existing_setup(Database& db, Poco::Data::Session& s) {
    if (query_int(db, s, "SELECT count(*) FROM `setups`") > 0) return;
    if (query_int(db, s, "SELECT count(*) FROM `users` WHERE `role` = 100") == 0) return;
    execute(db, s, "INSERT INTO `setups` (`version`,`initialized_at`) VALUES (?,?)",
            {std::string("migrated"), static_cast<int64_t>(std::time(nullptr))});
}

void migrate_table(Database& db, Poco::Data::Session& s, const TableDef& t, MigrationReport& report) {
    std::set<std::string> have = existing_columns(db, s, t.name);
    if (have.empty()) {
        create_table(db, s, t);
        report.created_tables.push_back(t.name);
    } else {
        for (const Column& c : t.columns)
            if (!have.count(c.name)) {
                add_column(db, s, t, c);
                report.added_columns.push_back(t.name + "." + c.name);
            }
    }
    for (const Index& ix : t.indexes) {
        if (index_exists(db, s, t.name, ix.name)) continue;
        try {
            create_index(db, s, t, ix);
            report.created_indexes.push_back(ix.name);
        } catch (const std::exception& e) {
            // Existing data may violate a uniqueness New API never enforced there; keep going.
            log::warn("migration: cannot create index " + ix.name + ": " + e.what());
        }
    }
}

}  // namespace

MigrationReport migrate(Database& db) {
    MigrationReport report;
    Poco::Data::Session s = db.session();
    for (const TableDef& t : schema()) try {
            migrate_table(db, s, t, report);
        } catch (const std::exception& e) {
            throw std::runtime_error("migrating table " + t.name + ": " + error_text(e));
        }
    record_existing_setup(db, s);
    return report;
}

}  // namespace gw::store
