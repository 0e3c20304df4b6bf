// SQL_DSN in New API's forms, turned into a Poco Data connector and its connection string:
//   postgres://user:pass@host:port/db?sslmode=...   (or postgresql://) -> PostgreSQL
//   user:pass@tcp(host:port)/db?charset=...         (Go's MySQL form)  -> MySQL/MariaDB
//   odbc:DRIVER={PostgreSQL Unicode};SERVER=...;DATABASE=...;UID=...   -> ODBC (psqlODBC; the
//                                      MariaDB and SQLite ODBC drivers are refused, see docs)
//   empty or "local"                                                   -> SQLite
#pragma once

#include "store/database.hpp"

#include <string>

namespace gw::store {

struct Dsn {
    Dialect dialect = Dialect::sqlite;
    std::string connector;   // Poco's name: "SQLite", "MySQL", "PostgreSQL", "ODBC"
    std::string connection;  // what that connector expects
    std::string describe;    // for logs: host, port and database, never the password
};

class DsnError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Throws DsnError for a form it does not understand.
Dsn parse_dsn(const std::string& dsn);

}  // namespace gw::store
