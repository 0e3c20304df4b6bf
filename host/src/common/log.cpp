#include "common/log.hpp"

#include "common/thread_name.hpp"

#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <mutex>

namespace gw::log {
namespace {

std::mutex mutex;
FILE* file = nullptr;
std::string file_dir;
std::atomic<int> min_level{static_cast<int>(Level::info)};
std::atomic<Format> format{Format::text};

// By Level: New API's text tags, and the names JSON lines use.
constexpr const char* kTextName[] = {"DEBUG", "INFO", "WARN", "ERR"};
constexpr const char* kJsonName[] = {"debug", "info", "warn", "error"};

const char* name(Level l) {
    return kTextName[static_cast<int>(l)];
}

const char* json_name(Level l) {
    return kJsonName[static_cast<int>(l)];
}

std::string timestamp(const char* fmt) {
    std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, fmt, &tm);
    return buf;
}

// RFC 3339 in UTC with milliseconds, as log collectors expect.
std::string utc_time() {
    auto now = std::chrono::system_clock::now();
    std::time_t t = std::chrono::system_clock::to_time_t(now);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[40];
    size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(ms));
    return buf;
}

void json_string(std::string& out, std::string_view s) {
    out += '"';
    for (unsigned char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    out += '"';
}

void value_text(std::string& out, const Value& v, bool json) {
    if (auto s = std::get_if<std::string_view>(&v)) {
        if (json) return json_string(out, *s);
        out.append(*s);
    } else if (auto i = std::get_if<int64_t>(&v)) {
        out += std::to_string(*i);
    } else if (auto d = std::get_if<double>(&v)) {
        char buf[32];
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *d);
        out.append(buf, end);
    } else {
        out += std::get<bool>(v) ? "true" : "false";
    }
}

std::string format_line(Level level, std::string_view message, std::initializer_list<Field> fields) {
    std::string line;
    if (format.load() == Format::json) {
        line = "{\"time\":\"" + utc_time() + "\",\"level\":\"" + json_name(level) + "\",\"thread\":";
        json_string(line, this_thread_name());
        line += ",\"msg\":";
        json_string(line, message);
        for (const Field& f : fields) {
            line += ',';
            json_string(line, f.key);
            line += ':';
            value_text(line, f.value, true);
        }
        line += "}\n";
        return line;
    }
    line = "[" + std::string(name(level)) + "] " + timestamp("%Y/%m/%d - %H:%M:%S") + " | " + std::string(message);
    for (const Field& f : fields) {
        line += ' ';
        line.append(f.key);
        line += '=';
        value_text(line, f.value, false);
    }
    line += '\n';
    return line;
}

void open_locked() {
    std::string path = file_dir + "/new-api-" + timestamp("%Y%m%d%H%M%S") + ".log";
    if (FILE* next = std::fopen(path.c_str(), "a")) {
        if (file) std::fclose(file);
        file = next;
    }
}

}  // namespace

void open_file(const std::string& dir) {
    if (dir.empty()) return;
    std::filesystem::create_directories(dir);
    std::lock_guard lock(mutex);
    file_dir = dir;
    open_locked();
}

void reopen_file() {
    std::lock_guard lock(mutex);
    if (!file_dir.empty()) open_locked();
}

void set_level(Level level) {
    min_level = static_cast<int>(level);
}

void set_format(Format f) {
    format = f;
}

bool enabled(Level level) {
    return static_cast<int>(level) >= min_level.load();
}

void write(Level level, std::string_view message, std::initializer_list<Field> fields) {
    if (!enabled(level)) return;
    std::string line = format_line(level, message, fields);
    std::lock_guard lock(mutex);
    std::fwrite(line.data(), 1, line.size(), stderr);
    if (file) {
        std::fwrite(line.data(), 1, line.size(), file);
        std::fflush(file);
    }
}

void write(Level level, std::string_view message) {
    write(level, message, {});
}

}  // namespace gw::log
