// Where the server's files are when no setting names them, found relative to the binary: beside
// it in a build tree (bin/plugins, bin/tokenizer), or in an installed tree
// (<prefix>/lib/new-api/plugins, <prefix>/share/new-api/{web,tokenizer}, <prefix>/etc/new-api).
#pragma once

#include <filesystem>
#include <string>

namespace gw {

struct InstallLayout {
    std::string plugin_dir;
    std::string tokenizer_dir;
    std::string web_dir;      // empty when no built console is installed
    std::string config_file;  // empty when no installed configuration exists
};

InstallLayout find_install_layout(const std::filesystem::path& binary_dir);

}  // namespace gw
