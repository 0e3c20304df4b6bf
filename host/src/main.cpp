// new-api: the gateway process. Wiring only; see app/.
#include "app/app.hpp"
#include "app/cli.hpp"
#include "app/version.hpp"

#include <iostream>
#include <stdexcept>

int main(int argc, char** argv) {
    gw::CliOptions cli;
    try {
        cli = gw::parse_cli(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const std::invalid_argument& e) {
        std::cerr << "new-api: " << e.what() << "\n";
        return 2;
    }
    if (cli.show_help) {
        std::cout << gw::cli_usage();
        return 0;
    }
    if (cli.show_version) {
        std::cout << gw::kVersion << "\n";
        return 0;
    }
    return gw::run_server(cli);
}
