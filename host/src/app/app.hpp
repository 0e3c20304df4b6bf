// Start-up, serving and graceful shutdown of the gateway process.
#pragma once

#include "app/cli.hpp"

namespace gw {

// Runs the server until SIGTERM/SIGINT; returns the process exit code.
int run_server(const CliOptions& cli);

}  // namespace gw
