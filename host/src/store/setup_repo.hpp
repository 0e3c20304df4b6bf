// The setups table: whether first-run setup has been completed.
#pragma once

#include "store/database.hpp"

namespace gw::store {

bool is_setup_done(Database& db);

}  // namespace gw::store
