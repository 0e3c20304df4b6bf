#include "metrics/process_stats.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace gw::metrics {

ProcessStats read_process_stats() {
    ProcessStats s;
    std::ifstream statm("/proc/self/statm");
    int64_t size = 0, resident = 0;
    if (statm >> size >> resident) s.resident_bytes = resident * sysconf(_SC_PAGESIZE);
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("Threads:", 0) == 0) s.threads = std::stoll(line.substr(8));
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec); !ec && it != decltype(it)();
         it.increment(ec))
        ++s.open_fds;
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0) s.max_fds = static_cast<int64_t>(lim.rlim_cur);
    return s;
}

}  // namespace gw::metrics
