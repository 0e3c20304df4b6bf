// One gateway per SQLite file: several nodes must share MySQL or PostgreSQL instead. An
// exclusive flock on the database file (SQLite itself uses fcntl locks, which flock does not
// disturb) is held for the life of the process; a second process is refused at start-up.
#pragma once

#include <stdexcept>
#include <string>

namespace gw::store {

class SqliteNodeLock {
public:
    // Throws std::runtime_error when another process holds the file. URIs (file:...) are not locked.
    explicit SqliteNodeLock(const std::string& path);
    ~SqliteNodeLock();
    SqliteNodeLock(const SqliteNodeLock&) = delete;
    SqliteNodeLock& operator=(const SqliteNodeLock&) = delete;

private:
    int fd_ = -1;
};

}  // namespace gw::store
