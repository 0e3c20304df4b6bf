// Process-wide logger: one line per record to stderr and, when configured, to a file. Text lines
// look like New API's; LOG_FORMAT=json writes one JSON object per line with the thread's name.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

namespace gw::log {

enum class Level { debug = 0, info = 1, warn = 2, error = 3 };
enum class Format { text, json };

// Opens <dir>/new-api-<timestamp>.log in addition to stderr; empty dir = stderr only.
void open_file(const std::string& dir);
// Continues in a new file in the same folder (after a rotation, on SIGHUP); no-op without one.
void reopen_file();
void set_level(Level level);
void set_format(Format format);
bool enabled(Level level);
void write(Level level, std::string_view message);

// A record with named values: "msg k=v k=v" in text, fields of the object in JSON.
using Value = std::variant<std::string_view, int64_t, double, bool>;
struct Field {
    std::string_view key;
    Value value;
};
void write(Level level, std::string_view message, std::initializer_list<Field> fields);

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
