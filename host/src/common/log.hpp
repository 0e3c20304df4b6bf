// Process-wide logger: one line per record to stderr and, when configured, to a file.
#pragma once

#include <string>
#include <string_view>

namespace gw::log {

enum class Level { debug = 0, info = 1, warn = 2, error = 3 };

// Opens <dir>/new-api-<timestamp>.log in addition to stderr; empty dir = stderr only.
void open_file(const std::string& dir);
void set_level(Level level);
bool enabled(Level level);
void write(Level level, std::string_view message);

inline void debug(std::string_view m) {
    write(Level::debug, m);
}
inline void info(std::string_view m) {
    write(Level::info, m);
}
inline void warn(std::string_view m) {
    write(Level::warn, m);
}
inline void error(std::string_view m) {
    write(Level::error, m);
}

}  // namespace gw::log
