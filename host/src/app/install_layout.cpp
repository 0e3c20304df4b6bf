#include "app/install_layout.hpp"

namespace gw {
namespace {

namespace fs = std::filesystem;

bool present(const fs::path& p) {
    std::error_code ec;
    return fs::exists(p, ec);
}

// The build tree's folder when it exists, else the installed one, else the build tree's (so a
// missing folder is reported under the name a developer expects).
std::string pick(const fs::path& build_tree, const fs::path& installed) {
    if (present(build_tree) || !present(installed)) return build_tree.string();
    return installed.string();
}

}  // namespace

InstallLayout find_install_layout(const fs::path& binary_dir) {
    const fs::path prefix = binary_dir.parent_path();
    InstallLayout l;
    l.plugin_dir = pick(binary_dir / "plugins", prefix / "lib/new-api/plugins");
    l.tokenizer_dir = pick(binary_dir / "tokenizer", prefix / "share/new-api/tokenizer");
    if (present(prefix / "share/new-api/web/index.html")) l.web_dir = (prefix / "share/new-api/web").string();
    if (present(prefix / "etc/new-api/new-api.xml")) l.config_file = (prefix / "etc/new-api/new-api.xml").string();
    return l;
}

}  // namespace gw
