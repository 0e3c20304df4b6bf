// Work hosted by the HTTP reactor threads beside HTTP itself.
#pragma once

#include <functional>
#include <vector>

namespace gw::http {

// Reactor k watches fds[k % n] and calls run(k % n) when it is readable; enter(k % n) runs once on
// that thread before anything else. Empty fds: no guest.
struct ReactorGuest {
    std::vector<int> fds;
    std::function<void(size_t)> enter, run;
};

}  // namespace gw::http
