#include "app/cli.hpp"

#include <charconv>
#include <stdexcept>

namespace gw {
namespace {

// "--flag value" or "--flag=value"
std::string take_value(const std::vector<std::string>& args, size_t& i, const std::string& flag) {
    const std::string& a = args[i];
    if (a.size() > flag.size() && a[flag.size()] == '=') return a.substr(flag.size() + 1);
    if (i + 1 >= args.size()) throw std::invalid_argument(flag + " needs a value");
    return args[++i];
}

bool is_flag(const std::string& arg, const std::string& flag) {
    return arg == flag || arg.rfind(flag + "=", 0) == 0;
}

}  // namespace

CliOptions parse_cli(const std::vector<std::string>& args) {
    CliOptions o;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--version" || a == "-v") {
            o.show_version = true;
        } else if (a == "--help" || a == "-h") {
            o.show_help = true;
        } else if (is_flag(a, "--port")) {
            std::string v = take_value(args, i, "--port");
            int port = 0;
            auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), port);
            if (ec != std::errc() || p != v.data() + v.size() || port < 1 || port > 65535)
                throw std::invalid_argument("invalid value '" + v + "' for --port: expected 1-65535");
            o.port = port;
        } else if (is_flag(a, "--config")) {
            o.config_path = take_value(args, i, "--config");
        } else if (is_flag(a, "--log-dir")) {
            o.log_dir = take_value(args, i, "--log-dir");
        } else {
            throw std::invalid_argument("unknown flag " + a + " (see --help)");
        }
    }
    return o;
}

std::string cli_usage() {
    return "Usage: new-api [flags]\n"
           "  --port N         listen on port N (overrides PORT; default 3000)\n"
           "  --config PATH    configuration file (default ./config/new-api.xml when present)\n"
           "  --log-dir DIR    also write logs to files in DIR\n"
           "  --version        print the version and exit\n"
           "  --help           print this help and exit\n"
           "Environment variables (PORT, SQL_DSN, SQLITE_PATH, SESSION_SECRET, PLUGIN_DIR, ...)\n"
           "override the configuration file; see config/new-api.xml.\n";
}

}  // namespace gw
