#include "store/dsn.hpp"

#include "common/strings.hpp"

#include <map>

namespace gw::store {
namespace {

std::map<std::string, std::string> query_params(std::string_view q) {
    std::map<std::string, std::string> out;
    for (const auto& pair : split_trimmed(q, '&')) {
        size_t eq = pair.find('=');
        if (eq != std::string::npos) out[pair.substr(0, eq)] = percent_decode(pair.substr(eq + 1));
    }
    return out;
}

// libpq keyword=value with values quoted, so passwords may hold spaces and quotes.
std::string pq_value(const std::string& v) {
    std::string out = "'";
    for (char c : v) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

struct UserHost {
    std::string user, password, host, port, db, query;
};

// user:pass@<host part>/db?query, where the host part is given by the caller's rule.
UserHost split_common(std::string_view rest, size_t host_end_search_from = 0) {
    UserHost u;
    size_t at = rest.rfind('@');
    if (at != std::string_view::npos) {
        std::string_view cred = rest.substr(0, at);
        size_t colon = cred.find(':');
        u.user = percent_decode(cred.substr(0, colon));
        if (colon != std::string_view::npos) u.password = percent_decode(cred.substr(colon + 1));
        rest = rest.substr(at + 1);
    }
    size_t slash = rest.find('/', host_end_search_from);
    std::string_view host = rest.substr(0, slash);
    std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    size_t q = path.find('?');
    u.db = std::string(path.substr(0, q));
    if (q != std::string_view::npos) u.query = std::string(path.substr(q + 1));
    u.host = std::string(host);
    return u;
}

void split_port(std::string& host, std::string& port, const char* fallback) {
    size_t colon = host.rfind(':');
    if (colon != std::string::npos && host.find(']') == std::string::npos) {
        port = host.substr(colon + 1);
        host.resize(colon);
    }
    if (port.empty()) port = fallback;
    if (host.empty()) host = "127.0.0.1";
}

Dsn postgres(std::string_view rest) {
    UserHost u = split_common(rest);
    split_port(u.host, u.port, "5432");
    auto q = query_params(u.query);
    std::string c = "host=" + pq_value(u.host) + " port=" + pq_value(u.port) + " dbname=" + pq_value(u.db);
    if (!u.user.empty()) c += " user=" + pq_value(u.user);
    if (!u.password.empty()) c += " password=" + pq_value(u.password);
    if (q.count("sslmode")) c += " sslmode=" + pq_value(q["sslmode"]);
    return {Dialect::postgres, "PostgreSQL", c, "postgres " + u.host + ":" + u.port + "/" + u.db};
}

// Go's MySQL DSN: user:pass@tcp(host:port)/db?params (protocol optional).
Dsn mysql(std::string_view dsn) {
    size_t open = dsn.find('(');
    size_t close = dsn.find(')', open == std::string_view::npos ? 0 : open);
    std::string host;
    std::string rewritten(dsn);
    if (open != std::string_view::npos && close != std::string_view::npos) {
        host = std::string(dsn.substr(open + 1, close - open - 1));
        size_t at = dsn.rfind('@', open);
        std::string cred = at == std::string_view::npos ? "" : std::string(dsn.substr(0, at + 1));
        rewritten = cred + "h" + std::string(dsn.substr(close + 1));
    }
    UserHost u = split_common(rewritten);
    std::string port;
    split_port(host, port, "3306");
    std::string c = "host=" + host + ";port=" + port + ";db=" + u.db + ";user=" + u.user + ";password=" + u.password +
                    ";character-set=utf8mb4;auto-reconnect=true";
    return {Dialect::mysql, "MySQL", c, "mysql " + host + ":" + port + "/" + u.db};
}

// The value of one key of an ODBC connection string (case-insensitive key, {braces} removed).
std::string odbc_attribute(std::string_view conn, std::string_view key) {
    for (const auto& part : split_trimmed(conn, ';')) {
        auto eq = part.find('=');
        if (eq == std::string::npos || !iequals(trim(part.substr(0, eq)), key)) continue;
        std::string v = trim(part.substr(eq + 1));
        if (v.size() >= 2 && v.front() == '{' && v.back() == '}') v = v.substr(1, v.size() - 2);
        return v;
    }
    return "";
}

Dsn odbc(std::string_view conn) {
    std::string driver = odbc_attribute(conn, "DRIVER");
    std::string dsn_name = odbc_attribute(conn, "DSN");
    std::string kind = to_lower(driver.empty() ? dsn_name : driver);
    // Only psqlODBC passes the store suite; the other two drivers Debian ships have native paths.
    if (kind.find("maria") != std::string::npos || kind.find("mysql") != std::string::npos)
        throw DsnError(
            "SQL_DSN: MariaDB's ODBC driver reports wrong affected-row counts; use the native form "
            "user:pass@tcp(host:port)/db");
    if (kind.find("sqlite") != std::string::npos)
        throw DsnError("SQL_DSN: SQLite's ODBC driver cuts text at 64 KB; leave SQL_DSN empty and set SQLITE_PATH");
    if (kind.find("postgres") == std::string::npos)
        throw DsnError("SQL_DSN: ODBC driver \"" + (driver.empty() ? dsn_name : driver) +
                       "\" is not supported (the PostgreSQL driver is)");
    const Dialect dialect = Dialect::postgres;
    std::string connection(conn);
    // psqlODBC reports VARCHAR as 255 bytes long, and Poco's binder refuses longer strings: the
    // driver is told the real limit unless the operator set one.
    for (const char* option : {"MaxVarcharSize", "MaxLongVarcharSize"})
        if (odbc_attribute(conn, option).empty())
            connection +=
                std::string(connection.empty() || connection.back() == ';' ? "" : ";") + option + "=16777216;";
    std::string database = odbc_attribute(conn, "DATABASE");
    return {dialect, "ODBC", connection, "odbc " + (driver.empty() ? dsn_name : driver) + " " + database};
}

}  // namespace

Dsn parse_dsn(const std::string& dsn) {
    std::string d = trim(dsn);
    if (d.empty() || d == "local") return {Dialect::sqlite, "SQLite", "", "sqlite"};
    if (starts_with(d, "odbc:")) return odbc(std::string_view(d).substr(5));
    if (starts_with(d, "postgres://")) return postgres(std::string_view(d).substr(11));
    if (starts_with(d, "postgresql://")) return postgres(std::string_view(d).substr(13));
    if (d.find("@tcp(") != std::string::npos || d.find("@unix(") != std::string::npos ||
        (d.find('@') != std::string::npos && d.find("://") == std::string::npos))
        return mysql(d);
    throw DsnError(
        "SQL_DSN: unrecognised form (expected postgres://..., user:pass@tcp(host:port)/db, odbc:... or local)");
}

}  // namespace gw::store
