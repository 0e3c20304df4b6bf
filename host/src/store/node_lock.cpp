#include "store/node_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace gw::store {

SqliteNodeLock::SqliteNodeLock(const std::string& path) {
    if (path.rfind("file:", 0) == 0) return;
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) return;  // SQLite reports what is wrong with the file itself
    if (::flock(fd_, LOCK_EX | LOCK_NB) == 0) return;
    ::close(fd_);
    fd_ = -1;
    throw std::runtime_error("another gateway process is using the SQLite database " + path +
                             ": several nodes must share MySQL or PostgreSQL (SQL_DSN)");
}

SqliteNodeLock::~SqliteNodeLock() {
    if (fd_ >= 0) ::close(fd_);
}

}  // namespace gw::store
