// The XML manifest beside each plugin library, read without loading the library.
#pragma once

#include <stdexcept>
#include <string>

namespace gw::plugin {

struct Manifest {
    std::string id, version, kind, abi;  // abi: "major.minor" the plugin was built for
    std::string library;                 // file name, relative to the manifest's folder
    std::string sha256;                  // of the library, lowercase hex
};

// Throws std::runtime_error with the reason when the file is unreadable or incomplete.
Manifest read_manifest(const std::string& path);

}  // namespace gw::plugin
