#include "store/sql_time.hpp"

#include <ctime>

namespace gw::store {

std::string sql_time_literal(int64_t unix_seconds) {
    std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "'%Y-%m-%d %H:%M:%S'", &tm);
    return buf;
}

}  // namespace gw::store
