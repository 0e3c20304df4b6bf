#include "plugin/manifest.hpp"

#include <pugixml.hpp>

namespace gw::plugin {

Manifest read_manifest(const std::string& path) {
    pugi::xml_document doc;
    pugi::xml_parse_result ok = doc.load_file(path.c_str());
    if (!ok) throw std::runtime_error(std::string("unreadable manifest: ") + ok.description());
    pugi::xml_node root = doc.child("plugin");
    if (!root) throw std::runtime_error("manifest has no <plugin> element");
    Manifest m;
    m.id = root.attribute("id").as_string();
    m.version = root.attribute("version").as_string();
    m.kind = root.attribute("kind").as_string("provider");
    m.abi = root.attribute("abi").as_string();
    m.library = root.child("library").text().as_string();
    m.sha256 = root.child("sha256").text().as_string();
    if (m.id.empty()) throw std::runtime_error("manifest has no id");
    if (m.library.empty()) throw std::runtime_error("manifest names no <library>");
    if (m.library.find('/') != std::string::npos)
        throw std::runtime_error("manifest library must be a file name in the plugin folder");
    if (m.kind != "provider" && m.kind != "payment") throw std::runtime_error("unknown plugin kind '" + m.kind + "'");
    return m;
}

}  // namespace gw::plugin
