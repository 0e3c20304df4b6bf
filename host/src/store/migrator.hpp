// Brings a database up to the schema: creates missing tables, adds missing columns and indexes.
// Never drops or alters what exists, so One API and New API databases open as they are.
#pragma once

#include "store/database.hpp"

#include <string>
#include <vector>

namespace gw::store {

struct MigrationReport {
    std::vector<std::string> created_tables;
    std::vector<std::string> added_columns;  // "table.column"
    std::vector<std::string> created_indexes;
};

MigrationReport migrate(Database& db);

}  // namespace gw::store
