#include "plugin/catalog.hpp"

#include "common/log.hpp"
#include "common/periodic_task.hpp"

#include <algorithm>
#include <filesystem>
#include <vector>

namespace fs = std::filesystem;

namespace gw::plugin {

Catalog::Catalog(LoaderOptions options, std::function<std::set<std::string>()> disabled)
    : options_(std::move(options)), disabled_(std::move(disabled)) {}

Catalog::~Catalog() = default;

// Names, sizes and modification times of the folder's manifests and libraries, plus the disabled
// ids: any change means a reload. nullopt when the folder cannot be read (out of descriptors, say):
// that is no reason to unload anything.
std::optional<std::string> Catalog::folder_signature() const {
    std::vector<std::string> parts;
    std::error_code ec;
    fs::directory_iterator it(options_.dir, ec), end;
    if (ec && ec != std::errc::no_such_file_or_directory) return std::nullopt;
    for (; !ec && it != end; it.increment(ec)) {
        const auto& e = *it;
        auto ext = e.path().extension();
        if (ext != ".so" && ext != ".xml") continue;
        std::error_code ec2;
        auto size = e.file_size(ec2);
        auto time = e.last_write_time(ec2).time_since_epoch().count();
        parts.push_back(e.path().filename().string() + ":" + std::to_string(size) + ":" + std::to_string(time));
    }
    if (ec) return std::nullopt;
    std::sort(parts.begin(), parts.end());
    std::string sig;
    for (const auto& p : parts) sig += p + "\n";
    for (const auto& id : disabled_()) sig += "disabled:" + id + "\n";
    return sig;
}

std::shared_ptr<const Registry> Catalog::reload() {
    std::lock_guard lock(reload_mutex_);
    return reload_locked();
}

std::shared_ptr<const Registry> Catalog::reload_locked() {
    auto previous = current_.load();
    std::optional<std::string> signature = folder_signature();
    if (!signature && previous) {
        log::warn("plugin folder " + options_.dir + " cannot be read; the loaded plugins stay");
        return previous;
    }
    LoaderOptions o = options_;
    o.disabled = disabled_();
    auto next = std::make_shared<Registry>();
    load_plugins(o, *next, previous.get());
    for (const auto& p : previous->loaded())
        if (const LoadedPlugin* now = next->find(p.manifest.id); !now || now->sha256 != p.sha256)
            log::info("plugin " + p.manifest.id + " " + p.manifest.version +
                      (now ? " replaced by " + now->manifest.version : std::string(" removed")) +
                      "; its requests in flight finish on it");
    current_.store(next);
    loaded_signature_ = seen_signature_ = signature.value_or("");
    reloads_.fetch_add(1);
    return next;
}

// A change is loaded once it has stayed put for one interval (a copy may still be under way).
void Catalog::tick() {
    std::lock_guard lock(reload_mutex_);
    std::optional<std::string> read = folder_signature();
    if (!read) return;  // unreadable now: judged again on the next tick
    const std::string& signature = *read;
    bool settled = signature == seen_signature_;
    seen_signature_ = signature;
    if (settled && signature != loaded_signature_) {
        log::info("plugin folder changed: reloading");
        reload_locked();
    }
}

void Catalog::watch(std::chrono::milliseconds interval) {
    watcher_ = std::make_unique<PeriodicTask>(interval, "plugin folder watch", [this] { tick(); });
}

}  // namespace gw::plugin
