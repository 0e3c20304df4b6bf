// Prefill groups (New API's prefill_groups): listed newest first, names unique among live rows.
#pragma once

#include "store/database.hpp"
#include "store/entities.hpp"

#include <optional>
#include <string>
#include <vector>

namespace gw::store {

// All live groups, of one type when `type` is not empty.
std::vector<PrefillGroup> list_prefill_groups(Database& db, const std::string& type);
std::optional<PrefillGroup> find_prefill_group(Database& db, int64_t id);
bool prefill_name_taken(Database& db, const std::string& name, int64_t except_id);
int64_t insert_prefill_group(Database& db, PrefillGroup g);
// False when no live row has that id.
bool update_prefill_group(Database& db, const PrefillGroup& g);
bool delete_prefill_group(Database& db, int64_t id, int64_t now);

}  // namespace gw::store
