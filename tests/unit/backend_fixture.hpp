// A database of each kind the store supports, fresh for every test: SQLite, MariaDB, PostgreSQL
// and PostgreSQL over ODBC (servers started by scripts/services.sh; GW_TEST_MYSQL_DSN,
// GW_TEST_PG_DSN and GW_TEST_ODBC_PG_DSN name them). Tests written TEST_P(Backend, ...) in any
// file run on all four (instantiated in store_backends_test.cpp).
#pragma once

#include "store/database.hpp"
#include "store/dsn.hpp"
#include "store/user_repo.hpp"

#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>

namespace gw_test {

using namespace gw::store;
namespace fs = std::filesystem;

inline std::string env_or_fail(const char* name) {
    const char* v = std::getenv(name);
    if (!v || !*v)
        throw std::runtime_error(std::string(name) + " is not set: run scripts/services.sh (scripts/test.sh does)");
    return v;
}

// A DSN with its database name replaced.
inline std::string with_database(const std::string& dsn, const std::string& name) {
    size_t q = dsn.find('?');
    size_t slash = dsn.rfind('/', q == std::string::npos ? dsn.size() : q);
    return dsn.substr(0, slash + 1) + name + (q == std::string::npos ? "" : dsn.substr(q));
}

// An ODBC connection string with its DATABASE= replaced.
inline std::string with_odbc_database(const std::string& dsn, const std::string& name) {
    size_t at = dsn.find("DATABASE=");
    size_t end = dsn.find(';', at);
    return dsn.substr(0, at) + "DATABASE=" + name + (end == std::string::npos ? "" : dsn.substr(end));
}

inline std::unique_ptr<Database> open(const std::string& dsn_text) {
    Dsn dsn = parse_dsn(dsn_text);
    return Database::open_server(dsn.dialect, dsn.connector, dsn.connection, {8, 1, 60});
}

class Backend : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        std::string name =
            "gw_t_" + std::to_string(::getpid()) + "_" + std::to_string(std::random_device{}() % 1000000);
        const std::string& backend = GetParam();
        if (backend == "sqlite") {
            fs::path p = fs::temp_directory_path() / (name + ".db");
            db_ = Database::open_sqlite(p.string());
            cleanup_ = [p] { fs::remove(p); };
            return;
        }
        admin_dsn_ = env_or_fail(backend == "mysql" ? "GW_TEST_MYSQL_DSN" : "GW_TEST_PG_DSN");
        auto admin = open(admin_dsn_);
        Poco::Data::Session s = admin->session();
        execute(*admin, s, "CREATE DATABASE " + name);
        if (backend == "odbc-postgres")  // the database is created through the native connector
            db_ = open(with_odbc_database(env_or_fail("GW_TEST_ODBC_PG_DSN"), name));
        else
            db_ = open(with_database(admin_dsn_, name));
        cleanup_ = [this, name] {
            db_.reset();
            auto again = open(admin_dsn_);
            Poco::Data::Session s2 = again->session();
            execute(*again, s2, "DROP DATABASE " + name);
        };
    }
    void TearDown() override {
        if (cleanup_) cleanup_();
    }
    int64_t add_user(const std::string& name) {
        User u;
        u.username = name;
        u.password = "x";
        return insert_user(*db_, u);
    }
    std::unique_ptr<Database> db_;
    std::string admin_dsn_;
    std::function<void()> cleanup_;
};

}  // namespace gw_test
