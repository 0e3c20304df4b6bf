// Names the calling thread (seen in top -H, gdb, /proc and every log line it writes).
#pragma once

#include <string>
#include <string_view>

namespace gw {

// At most 15 bytes reach the kernel; longer names are cut.
void name_this_thread(std::string_view name);
// The name given here, else the kernel's (the process name for unnamed threads).
const std::string& this_thread_name();

}  // namespace gw
