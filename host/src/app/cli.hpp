// Command-line flags of the new-api binary.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace gw {

struct CliOptions {
    std::optional<int> port;
    std::string config_path;  // empty = ./config/new-api.xml when present
    std::optional<std::string> log_dir;
    bool show_version = false;
    bool show_help = false;
};

// Parses argv; throws std::invalid_argument with a message for unknown or malformed flags.
CliOptions parse_cli(const std::vector<std::string>& args);
std::string cli_usage();

}  // namespace gw
