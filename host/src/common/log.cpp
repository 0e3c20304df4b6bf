#include "common/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <mutex>

namespace gw::log {
namespace {

std::mutex mutex;
FILE* file = nullptr;
std::atomic<int> min_level{static_cast<int>(Level::info)};

const char* name(Level l) {
    switch (l) {
        case Level::debug:
            return "DEBUG";
        case Level::info:
            return "INFO";
        case Level::warn:
            return "WARN";
        case Level::error:
            return "ERR";
    }
    return "?";
}

std::string timestamp(const char* fmt) {
    std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, fmt, &tm);
    return buf;
}

}  // namespace

void open_file(const std::string& dir) {
    if (dir.empty()) return;
    std::filesystem::create_directories(dir);
    std::string path = dir + "/new-api-" + timestamp("%Y%m%d%H%M%S") + ".log";
    std::lock_guard lock(mutex);
    file = std::fopen(path.c_str(), "a");
}

void set_level(Level level) {
    min_level = static_cast<int>(level);
}

bool enabled(Level level) {
    return static_cast<int>(level) >= min_level.load();
}

void write(Level level, std::string_view message) {
    if (!enabled(level)) return;
    std::string line =
        "[" + std::string(name(level)) + "] " + timestamp("%Y/%m/%d - %H:%M:%S") + " | " + std::string(message) + "\n";
    std::lock_guard lock(mutex);
    std::fwrite(line.data(), 1, line.size(), stderr);
    if (file) {
        std::fwrite(line.data(), 1, line.size(), file);
        std::fflush(file);
    }
}

}  // namespace gw::log
