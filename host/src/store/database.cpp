#include "store/database.hpp"

#include "common/log.hpp"
#include "common/strings.hpp"
#include "metrics/instruments.hpp"
#include "store/sqlite_types.hpp"

#include <Poco/Data/MySQL/Connector.h>
#include <Poco/Data/ODBC/Connector.h>
#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/SessionPool.h>
#include <Poco/Data/Statement.h>

#include <filesystem>
#include <mutex>

using namespace Poco::Data::Keywords;

namespace {
constexpr std::size_t kOdbcMaxField = 16u << 20;  // MEDIUMTEXT's limit
}

namespace gw::store {

const char* dialect_name(Dialect d) {
    switch (d) {
        case Dialect::mysql:
            return "mysql";
        case Dialect::postgres:
            return "postgres";
        case Dialect::sqlite:
            break;
    }
    return "sqlite";
}
namespace {

void register_connectors() {
    static std::once_flag once;
    std::call_once(once, [] {
        Poco::Data::SQLite::Connector::registerConnector();
        Poco::Data::MySQL::Connector::registerConnector();
        Poco::Data::PostgreSQL::Connector::registerConnector();
        Poco::Data::ODBC::Connector::registerConnector();
    });
}

}  // namespace

void bind_params(Poco::Data::Statement& st, const Params& params) {
    for (const auto& p : params) {
        std::visit(
            [&](const auto& v) {
                using V = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<V, std::nullptr_t>)
                    st.addBind(Poco::Data::Keywords::bind(Poco::Data::Keywords::null));
                else if constexpr (std::is_same_v<V, int64_t>)
                    st.addBind(Poco::Data::Keywords::bind(static_cast<Poco::Int64>(v)));
                else
                    st.addBind(Poco::Data::Keywords::bind(v));
            },
            p);
    }
}

std::string render_sql(Dialect dialect, std::string_view portable, bool odbc) {
    std::string out;
    out.reserve(portable.size() + 16);
    int n = 0;
    char quote = 0;  // inside a '...' literal
    for (char c : portable) {
        if (quote) {
            out += c;
            if (c == quote) quote = 0;
            continue;
        }
        if (c == '\'') {
            quote = c;
            out += c;
        } else if (c == '`' && dialect == Dialect::postgres) {
            out += '"';
        } else if (c == '?' && dialect == Dialect::postgres && !odbc) {
            out += '$' + std::to_string(++n);
        } else {
            out += c;
        }
    }
    return out;
}

Database::Database(Dialect d, std::unique_ptr<Poco::Data::SessionPool> pool, bool odbc)
    : dialect_(d), odbc_(odbc), pool_(std::move(pool)) {}

Database::~Database() = default;

Poco::Data::Session Database::acquire() {
    try {
        return pool_->get();
    } catch (...) {
        metrics::database_error("session");  // unreachable server or an exhausted pool
        throw;
    }
}

Poco::Data::Session Database::session() {
    Poco::Data::Session s = acquire();
    // Poco's MySQL sessions come back from a transaction with autocommit off: every later
    // statement would then join one long transaction (a stale snapshot, uncommitted writes
    // holding row locks). Each session handed out starts in autocommit mode.
    if (dialect_ == Dialect::mysql && !odbc_) s.setFeature("autoCommit", true);
    // Text read into std::string over ODBC is cut at maxFieldSize (64 KB by default).
    if (odbc_) s.setProperty("maxFieldSize", Poco::Any(kOdbcMaxField));
    return s;
}

std::unique_ptr<Database> Database::open_sqlite(const std::string& path, int max_sessions) {
    register_connectors();
    std::filesystem::path p(path);
    if (path.rfind("file:", 0) != 0 && p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
    auto pool = std::make_unique<Poco::Data::SessionPool>("SQLite", path, 1, max_sessions, 600);
    auto db = std::unique_ptr<Database>(new Database(Dialect::sqlite, std::move(pool)));
    {
        Poco::Data::Session s = db->session();
        s << "PRAGMA journal_mode=WAL", now;
    }
    register_declared_types(*db);
    return db;
}

std::unique_ptr<Database> Database::open_server(Dialect dialect, const std::string& connector,
                                                const std::string& connection, const PoolSizes& sizes) {
    register_connectors();
    auto pool = std::make_unique<Poco::Data::SessionPool>(connector, connection, std::max(1, sizes.min_idle),
                                                          std::max(2, sizes.max_open), std::max(1, sizes.idle_seconds));
    auto db = std::unique_ptr<Database>(new Database(dialect, std::move(pool), connector == "ODBC"));
    Poco::Data::Session s = db->session();  // fails now, with the server's reason, rather than on first use
    return db;
}

std::string Database::sql(std::string_view portable) const {
    return render_sql(dialect_, portable, odbc_);
}

namespace {

bool changes_rows(std::string_view sql) {
    auto word = sql.substr(0, 7);
    return iequals(word.substr(0, 6), "UPDATE") || iequals(word.substr(0, 6), "DELETE");
}

// Poco 1.11's ODBC statements report at least one affected row: PostgreSQL counts the rows
// its UPDATE or DELETE returns instead.
size_t execute_counted_odbc(Database& db, Poco::Data::Session& s, std::string_view portable, const Params& params) {
    return static_cast<size_t>(query_int(
        db, s, "WITH changed AS (" + std::string(portable) + " RETURNING 1) SELECT count(*) FROM changed", params));
}

}  // namespace

size_t execute(Database& db, Poco::Data::Session& s, std::string_view portable, const Params& params) {
    if (db.odbc() && changes_rows(portable)) return execute_counted_odbc(db, s, portable, params);
    Poco::Data::Statement st(s);
    st << db.sql(portable);
    bind_params(st, params);
    return st.execute();
}

int64_t query_int(Database& db, Poco::Data::Session& s, std::string_view portable, const Params& params) {
    Poco::Data::Statement st(s);
    Poco::Int64 value = 0;
    st << db.sql(portable), into(value);
    bind_params(st, params);
    st.execute();
    return value;
}

std::string query_string(Database& db, Poco::Data::Session& s, std::string_view portable, const Params& params) {
    Poco::Data::Statement st(s);
    std::string value;
    st << db.sql(portable), into(value);
    bind_params(st, params);
    st.execute();
    return value;
}

}  // namespace gw::store
