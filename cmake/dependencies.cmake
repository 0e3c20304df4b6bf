# Third-party packages, all from Debian.
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(PISTACHE REQUIRED IMPORTED_TARGET libpistache)

# Debian's Poco 1.11 configs link MySQL::client, PostgreSQL::client and ODBC::ODBC without
# creating them; define them before find_package(Poco).
find_package(PostgreSQL REQUIRED)
find_package(ODBC REQUIRED)
pkg_check_modules(MARIADB REQUIRED IMPORTED_TARGET libmariadb)
if(NOT TARGET PostgreSQL::client)
  add_library(PostgreSQL::client INTERFACE IMPORTED)
  target_link_libraries(PostgreSQL::client INTERFACE PostgreSQL::PostgreSQL)
endif()
if(NOT TARGET MySQL::client)
  add_library(MySQL::client INTERFACE IMPORTED)
  target_link_libraries(MySQL::client INTERFACE PkgConfig::MARIADB)
endif()
find_package(Poco REQUIRED COMPONENTS Foundation Net Util Crypto Data DataSQLite DataMySQL
             DataPostgreSQL)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(pugixml REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(ZLIB REQUIRED)
if(GW_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
find_package(CURL REQUIRED)
pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)
