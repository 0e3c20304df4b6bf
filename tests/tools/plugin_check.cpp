// plugin_check DIR [ID...]: loads DIR with the host's loader, creates a provider instance for
// every loaded plugin, and exits 0 only when nothing was refused and every named id loaded.
#include "common/log.hpp"
#include "plugin/loader.hpp"
#include "plugin/registry.hpp"

#include <iostream>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: plugin_check DIR [ID...]\n";
        return 2;
    }
    gw::plugin::Registry registry;
    gw::plugin::LoaderOptions options;
    options.dir = argv[1];
    gw::plugin::load_plugins(options, registry);
    int failures = static_cast<int>(registry.refused().size());
    for (const auto& p : registry.loaded()) {
        for (const auto& prov : p.providers) {
            std::string error;
            if (!registry.create_provider(prov.channel_types.at(0).id, "{}", error)) {
                std::cout << "cannot instantiate " << prov.id << ": " << error << "\n";
                ++failures;
                continue;
            }
        }
        std::cout << "loaded " << p.manifest.id << " (ABI " << p.abi << ")\n";
    }
    for (const auto& r : registry.refused()) std::cout << "refused " << r.file << ": " << r.reason << "\n";
    for (int i = 2; i < argc; ++i)
        if (!registry.has_id(argv[i])) {
            std::cout << "missing " << argv[i] << "\n";
            ++failures;
        }
    return failures == 0 ? 0 : 1;
}
