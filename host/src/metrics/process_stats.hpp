// The process's own figures, read from /proc at scrape time.
#pragma once

#include <cstdint>

namespace gw::metrics {

struct ProcessStats {
    int64_t resident_bytes = 0;
    int64_t threads = 0;
    int64_t open_fds = 0;
    int64_t max_fds = 0;
};

ProcessStats read_process_stats();

}  // namespace gw::metrics
