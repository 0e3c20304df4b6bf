// The HTTP server's limits and threads (set from the configuration in app/).
#pragma once

#include "http/reactor_guest.hpp"

#include <cstddef>
#include <string>

namespace gw::http {

struct ServerOptions {
    int port = 3000;
    std::string address;  // IPv4 address to bind; empty = every interface
    int threads = 2;
    size_t max_body_bytes = 128u << 20;
    size_t max_head_bytes = 1u << 20;  // request line and headers (431 above)
    int head_timeout_seconds = 30;     // a request head must arrive whole within this
    int body_idle_seconds = 60;        // a request body that makes no progress this long is cut off
    int keepalive_seconds = 300;       // an idle client connection is closed after this
    ReactorGuest guest;                // event sources the reactor threads also serve
};

}  // namespace gw::http
