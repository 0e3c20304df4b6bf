// The plugins in service, as an immutable Registry snapshot that is replaced on reload. Requests
// take the snapshot (and provider instances keep their plugin alive), so a reload never disturbs
// one in flight: a replaced version finishes what it started while new requests get the new one.
// Reloads come from POST /api/plugins/reload, from enabling or disabling a plugin, and from the
// folder watch, which reloads once the folder's contents have stayed the same for one interval.
#pragma once

#include "plugin/loader.hpp"
#include "plugin/registry.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace gw {
class PeriodicTask;
}

namespace gw::plugin {

class Catalog {
public:
    // `disabled`: the ids an operator turned off (read at every reload).
    Catalog(LoaderOptions options, std::function<std::set<std::string>()> disabled);
    ~Catalog();

    std::shared_ptr<const Registry> current() const { return current_.load(); }
    // Rescans the folder; unchanged plugins are kept as they are. Serialised with itself.
    std::shared_ptr<const Registry> reload();
    // Polls the folder (and the disabled list) every `interval`.
    void watch(std::chrono::milliseconds interval);
    uint64_t reloads() const { return reloads_.load(); }

private:
    std::optional<std::string> folder_signature() const;
    std::shared_ptr<const Registry> reload_locked();
    void tick();

    LoaderOptions options_;
    std::function<std::set<std::string>()> disabled_;
    std::mutex reload_mutex_;
    std::atomic<std::shared_ptr<const Registry>> current_{std::make_shared<const Registry>()};
    std::atomic<uint64_t> reloads_{0};
    // Watch state under reload_mutex_: what was loaded, and what the last tick saw.
    std::string loaded_signature_, seen_signature_;
    std::unique_ptr<PeriodicTask> watcher_;
};

}  // namespace gw::plugin
