#include "store/sqlite_types.hpp"

#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/String.h>

#include <mutex>
#include <vector>

namespace gw::store {
namespace {

using Poco::Data::MetaColumn;
using TypeMap = Poco::Data::SQLite::Utility::TypeMap;

// Utility::_types is private and has no setter. Access checks do not apply to the arguments of an
// explicit template instantiation, so this instantiation hands out its address.
TypeMap* poco_types();
template <TypeMap* Types>
struct TypesOf {
    friend TypeMap* poco_types() { return Types; }
};
template struct TypesOf<&Poco::Data::SQLite::Utility::_types>;

// Poco's key for a declared type: upper case, cut at the first space or parenthesis.
std::string poco_key(std::string declared) {
    Poco::toUpperInPlace(declared);
    declared = declared.substr(0, declared.find_first_of(" ("));
    return Poco::trim(declared);
}

bool has(const std::string& s, const char* part) {
    return s.find(part) != std::string::npos;
}

// SQLite's affinity rules (https://sqlite.org/datatype3.html, 3.1), with JSON as text.
MetaColumn::ColumnDataType affinity(const std::string& key) {
    if (has(key, "INT")) return MetaColumn::FDT_INT64;
    if (has(key, "CHAR") || has(key, "CLOB") || has(key, "TEXT") || has(key, "JSON") || has(key, "ENUM"))
        return MetaColumn::FDT_STRING;
    if (has(key, "BLOB") || has(key, "BINARY")) return MetaColumn::FDT_BLOB;
    if (has(key, "REAL") || has(key, "FLOA") || has(key, "DOUB") || has(key, "DEC") || has(key, "NUM"))
        return MetaColumn::FDT_DOUBLE;
    if (has(key, "BOOL")) return MetaColumn::FDT_BOOL;
    if (has(key, "DATE") || has(key, "TIME")) return MetaColumn::FDT_TIMESTAMP;
    return MetaColumn::FDT_STRING;
}

std::vector<std::string> declared_types(Poco::Data::Session& s) {
    std::vector<std::string> tables, types;
    s << "SELECT name FROM sqlite_master WHERE type = 'table'", Poco::Data::Keywords::into(tables),
        Poco::Data::Keywords::now;
    for (const auto& t : tables) {
        std::vector<std::string> cols;
        Poco::Data::Statement st(s);
        st << "SELECT type FROM pragma_table_info(?)", Poco::Data::Keywords::into(cols);
        bind_params(st, {t});
        st.execute();
        types.insert(types.end(), cols.begin(), cols.end());
    }
    return types;
}

}  // namespace

void register_declared_types(Database& db) {
    static std::mutex once;  // several databases in one process (tests) register one after another
    std::lock_guard lock(once);
    auto s = db.session();
    // Any query fills Poco's table first (it fills it only while empty).
    query_int(db, s, "SELECT 1");
    std::vector<std::string> types = declared_types(s);
    for (const char* gorm : {"json", "jsonb", "longtext", "mediumtext", "tinytext", "longblob", "mediumblob",
                             "tinyblob", "varbinary", "binary", "unsigned", "year", "enum", "set", "uuid"})
        types.emplace_back(gorm);
    TypeMap& map = *poco_types();
    for (const auto& t : types) {
        std::string key = poco_key(t);
        if (!map.count(key)) map.emplace(key, affinity(key));
    }
}

}  // namespace gw::store
