// New API's tables as data: columns with portable types, and indexes. The migrator renders them
// per dialect; migrations only ever add tables, columns and indexes.
#pragma once

#include "store/database.hpp"

#include <string>
#include <vector>

namespace gw::store {

enum class ColType { id, integer, bigint, boolean, real, text, varchar, chr, datetime };

struct Column {
    std::string name;
    ColType type;
    int size = 0;             // varchar/char length
    std::string default_sql;  // portable default literal ("0", "'default'", "true"); empty = none
    bool not_null = false;
    bool primary = false;  // part of a composite primary key (abilities)
};

struct Index {
    std::string name;
    std::vector<std::string> columns;
    bool unique = false;
};

struct TableDef {
    std::string name;
    std::vector<Column> columns;
    std::vector<Index> indexes;
};

const std::vector<TableDef>& schema();
// The column's type (and default) in the dialect, for CREATE TABLE and ADD COLUMN.
std::string column_sql(Dialect d, const Column& c);

}  // namespace gw::store
