// A UTC time as an SQL literal that SQLite, MySQL and PostgreSQL all compare with their datetime
// columns (New API's tables keep times that way). It is written into the statement, as our own
// digits: a bound string is no timestamp to PostgreSQL.
#pragma once

#include <cstdint>
#include <string>

namespace gw::store {

std::string sql_time_literal(int64_t unix_seconds);

}  // namespace gw::store
