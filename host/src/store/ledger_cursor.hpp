// How far a database has applied a billing journal: one row per journal in `ledger_cursors`,
// (journal id, last charge seq applied). Moving it in the same transaction as the charges makes
// the write idempotent: a batch re-sent after a lost COMMIT acknowledgement finds the cursor
// already past it and applies nothing.
#pragma once

#include "store/database.hpp"

#include <cstdint>
#include <string>

namespace gw::store {

// The cursor, creating it at 0 when the journal is new to this database.
int64_t read_ledger_cursor(Database& db, Poco::Data::Session& s, const std::string& journal);
// Moves the cursor from `from` to `to`; false (nothing changed) when it is not at `from`.
bool advance_ledger_cursor(Database& db, Poco::Data::Session& s, const std::string& journal, int64_t from, int64_t to);

}  // namespace gw::store
