// Login sessions held server-side in `user_sessions`, one row per signed-in browser, so that a
// session can end before its cookie expires: at logout, and for every session of a user whose
// password, role or status changes. The database is shared, so every node sees it at once.
#pragma once

#include "store/database.hpp"

#include <string>

namespace gw::store {

// Records a new session; returns its id (random, 32 characters).
std::string create_session(Database& db, int64_t user_id, int64_t expires_at);
bool session_alive(Database& db, const std::string& id, int64_t user_id, int64_t now);
void end_session(Database& db, const std::string& id);
// Ends every session of the user except `keep` (the caller's own, when it stays signed in).
void end_user_sessions(Database& db, int64_t user_id, const std::string& keep = "");

}  // namespace gw::store
