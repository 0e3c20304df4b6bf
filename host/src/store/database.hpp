// The database handle: a Poco Data session pool plus the SQL dialect it speaks. SQL in this code
// base is written once with `backticks` and ? placeholders; sql() renders it for the dialect.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace Poco::Data {
class Session;
class SessionPool;
class Statement;
}  // namespace Poco::Data

namespace gw::store {

enum class Dialect { sqlite, mysql, postgres };
// "sqlite", "mysql" or "postgres", as New API names them.
const char* dialect_name(Dialect d);

using SqlValue = std::variant<std::nullptr_t, int64_t, double, std::string, bool>;
using Params = std::vector<SqlValue>;

class Database {
public:
    // SQLite file (WAL mode); path may be a file or a "file:...?mode=memory&cache=shared" URI.
    static std::unique_ptr<Database> open_sqlite(const std::string& path, int max_sessions = 16);

    struct PoolSizes {
        int max_open = 64;      // SQL_MAX_OPEN_CONNS
        int min_idle = 4;       // SQL_MAX_IDLE_CONNS (kept open when idle)
        int idle_seconds = 60;  // SQL_MAX_LIFETIME: an idle session is closed after this
    };
    // MySQL/MariaDB or PostgreSQL through Poco's native connectors (connector: "MySQL",
    // "PostgreSQL"; connection: that connector's string), or any of the three through "ODBC".
    // Throws when the server refuses.
    static std::unique_ptr<Database> open_server(Dialect dialect, const std::string& connector,
                                                 const std::string& connection, const PoolSizes& sizes);

    Dialect dialect() const noexcept { return dialect_; }
    bool odbc() const noexcept { return odbc_; }
    // A pooled session for one unit of work; Sessions are not thread-safe, the pool is.
    Poco::Data::Session session();
    // Renders portable SQL (`quoted` names, ? placeholders) in this database's dialect.
    std::string sql(std::string_view portable) const;

    ~Database();

private:
    Database(Dialect d, std::unique_ptr<Poco::Data::SessionPool> pool, bool odbc = false);
    Poco::Data::Session acquire();  // counts failures
    Dialect dialect_;
    bool odbc_;
    std::unique_ptr<Poco::Data::SessionPool> pool_;
};

// Renders portable SQL for a dialect (exposed for tests); ODBC keeps ? placeholders.
std::string render_sql(Dialect dialect, std::string_view portable, bool odbc = false);

// Adds each parameter as a bound value, in order.
void bind_params(Poco::Data::Statement& st, const Params& params);
// Runs a statement with bound parameters; returns affected rows.
size_t execute(Database& db, Poco::Data::Session& s, std::string_view portable, const Params& params = {});
// A single integer (COUNT, MAX, last id); 0 when no row.
int64_t query_int(Database& db, Poco::Data::Session& s, std::string_view portable, const Params& params = {});
// A single string; empty when no row.
std::string query_string(Database& db, Poco::Data::Session& s, std::string_view portable, const Params& params = {});

}  // namespace gw::store
