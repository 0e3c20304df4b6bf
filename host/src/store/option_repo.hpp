// The options table: New API's runtime settings as key/value text.
#pragma once

#include "store/database.hpp"

#include <map>
#include <string>

namespace gw::store {

std::map<std::string, std::string> load_options(Database& db);
void save_option(Database& db, const std::string& key, const std::string& value);

}  // namespace gw::store
