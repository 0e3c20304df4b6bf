// Existing SQLite databases open as-is whatever types their columns were declared with. Poco
// 1.11's SQLite connector maps a result column's declared type through a fixed table and throws
// NotFoundException ("Not found") for one it does not know, e.g. `json`, which GORM declares for
// New API's JSON columns (`channels.channel_info`, ...). This adds every declared type the file
// uses (and those GORM writes for New API and One API) to that table, by SQLite's own affinity
// rules, before the database is read.
#pragma once

#include "store/database.hpp"

namespace gw::store {

// Call once per SQLite database, before it is used from several threads.
void register_declared_types(Database& db);

}  // namespace gw::store
