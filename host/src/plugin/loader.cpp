#include "plugin/loader.hpp"

#include "common/log.hpp"
#include "plugin/abi_check.hpp"
#include "plugin/abi_str.hpp"
#include "plugin/host_table.hpp"
#include "plugin/manifest.hpp"

#include <gw/abi/entry.h>
#include <gw/abi/provider.h>

#include <dlfcn.h>
#include <openssl/evp.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

namespace fs = std::filesystem;

namespace gw::plugin {
namespace {

std::string str(const char* s) {
    return s ? s : "";
}

std::vector<std::string> str_list(const char* const* list) {
    std::vector<std::string> out;
    for (; list && *list; ++list) out.push_back(*list);
    return out;
}

ProviderInfo copy_descriptor(const gw_provider_descriptor* raw) {
    gw_provider_descriptor d = read_sized(raw);
    ProviderInfo p{str(d.id),
                   str(d.name),
                   str(d.vendor),
                   str(d.version),
                   str(d.description),
                   str(d.config_schema_json),
                   str_list(d.capabilities),
                   {}};
    for (auto t = d.channel_types; t && *t; ++t) {
        gw_channel_type ct = read_sized(*t);
        p.channel_types.push_back({ct.type_id, str(ct.name), str(ct.default_base_url), str_list(ct.default_models)});
    }
    return p;
}

PaymentInfo copy_payment(const gw_payment_descriptor* raw) {
    gw_payment_descriptor d = read_sized(raw);
    return {str(d.id),
            str(d.name),
            str(d.vendor),
            str(d.version),
            str(d.config_schema_json),
            str_list(d.methods),
            str_list(d.currencies),
            str_list(d.webhook_paths)};
}

struct InitError {
    std::string message;
};
void GW_ABI capture_error(void* ctx, int32_t, gw_str, gw_str, gw_str msg, uint32_t) {
    static_cast<InitError*>(ctx)->message.assign(msg.ptr ? msg.ptr : "", msg.len);
}

// `lib`: the file to load; `folder`: the plugin folder, handed to init.
std::string open_plugin_unguarded(const std::string& lib, const std::string& folder, const Manifest& m,
                                  gw_abi_version host, LoadedPlugin& out) {
    void* handle = dlopen(lib.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) return std::string("cannot load library: ") + dlerror();
    auto* entry = static_cast<const gw_plugin_entry*>(dlsym(handle, GW_ENTRY_SYMBOL));
    AbiCheck check = check_entry(entry, host);
    if (!check.ok) return check.reason;
    if (str(entry->plugin_id) != m.id)
        return "library declares id '" + str(entry->plugin_id) + "' but its manifest says '" + m.id + "'";
    InitError err;
    gw_error_sink sink{sizeof(gw_error_sink), &err, &capture_error};
    if (entry->init(host_table(), gw_str{folder.data(), folder.size()}, &sink) != GW_OK)
        return "init failed" + (err.message.empty() ? std::string() : ": " + err.message);
    out.mapped = lib;
    out.manifest = m;
    out.abi = version_string(check.agreed);
    out.entry = entry;
    out.provider_factory = static_cast<const gw_provider_factory*>(entry->get_factory(GW_FACTORY_PROVIDER));
    if (out.provider_factory) {
        uint32_t n = out.provider_factory->count(out.provider_factory);
        for (uint32_t i = 0; i < n; ++i)
            out.providers.push_back(copy_descriptor(out.provider_factory->get(out.provider_factory, i)));
    }
    out.payment_factory = static_cast<const gw_payment_factory*>(entry->get_factory(GW_FACTORY_PAYMENT));
    if (out.payment_factory) {
        uint32_t n = out.payment_factory->count(out.payment_factory);
        for (uint32_t i = 0; i < n; ++i)
            out.payments.push_back(copy_payment(out.payment_factory->get(out.payment_factory, i)));
    }
    if (m.kind == "provider" && out.providers.empty()) return "provides no provider";
    if (m.kind == "payment" && out.payments.empty()) return "provides no payment method";
    return {};
}

// dlopen + entry check + init + descriptor read. Returns an empty string on success. A C ABI
// plugin must not throw; one that does anyway is refused rather than allowed to unwind the host.
std::string open_plugin(const std::string& lib, const std::string& folder, const Manifest& m, gw_abi_version host,
                        LoadedPlugin& out) {
    try {
        return open_plugin_unguarded(lib, folder, m, host, out);
    } catch (const std::exception& e) {
        return std::string("an exception escaped the plugin: ") + e.what();
    } catch (...) {
        return "an exception escaped the plugin";
    }
}

// Loads the plugin in a forked child first; a crash or hang there refuses it without harm.
std::string probe(const std::string& lib, const std::string& folder, const Manifest& m, gw_abi_version host,
                  int timeout_ms) {
    int fds[2];
    if (pipe(fds) != 0) return {};  // cannot probe: fall through to loading in-process
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return {};
    }
    if (pid == 0) {
        close(fds[0]);
        LoadedPlugin p;
        std::string reason = open_plugin(lib, folder, m, host, p);
        if (p.entry) p.entry->deinit();
        if (!reason.empty() && write(fds[1], reason.data(), reason.size()) < 0) _exit(4);
        _exit(reason.empty() ? 0 : 3);
    }
    close(fds[1]);
    std::string reason;
    char buf[512];
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
        int left = static_cast<int>(
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
        pollfd pfd{fds[0], POLLIN, 0};
        if (left <= 0 || poll(&pfd, 1, left) <= 0) {
            kill(pid, SIGKILL);
            waitpid(pid, nullptr, 0);
            close(fds[0]);
            return "timed out while loading (" + std::to_string(timeout_ms) + " ms)";
        }
        ssize_t n = read(fds[0], buf, sizeof buf);
        if (n <= 0) break;
        reason.append(buf, static_cast<size_t>(n));
    }
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status))
        return "crashed while loading (signal " + std::to_string(WTERMSIG(status)) + ", " +
               strsignal(WTERMSIG(status)) + ")";
    if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
        return reason.empty() ? "failed while loading (exit " + std::to_string(WEXITSTATUS(status)) + ")" : reason;
    return {};
}

// The allow-list decision for one manifest; empty when allowed.
std::string allow_check(const LoaderOptions& o, const Manifest& m) {
    if (o.allow_all) return {};
    for (const auto& a : o.allow)
        if (a.id == m.id || a.id == "*") {
            if (!a.sha256.empty() && a.sha256 != m.sha256)
                return "sha256 " + m.sha256 + " is not the one allowed for " + m.id;
            return {};
        }
    return "not on the plugin allow-list";
}

// The file to load: the library itself, or its private copy in the shadow folder.
std::string mapped_path(const LoaderOptions& o, const fs::path& lib, const std::string& sha) {
    if (o.shadow_dir.empty()) return lib.string();
    fs::path copy = fs::path(o.shadow_dir) / (sha.substr(0, 16) + "-" + lib.filename().string());
    std::error_code ec;
    fs::create_directories(o.shadow_dir, ec);
    if (!fs::exists(copy)) fs::copy_file(lib, copy, fs::copy_options::overwrite_existing);
    return copy.string();
}

void load_one(const LoaderOptions& o, const fs::path& manifest_path, Registry& registry, const Registry* previous,
              std::set<std::string>& claimed) {
    std::string file = manifest_path.string();
    Manifest m;
    try {
        m = read_manifest(file);
    } catch (const std::exception& e) {
        registry.refuse(file, e.what());
        return;
    }
    fs::path lib = manifest_path.parent_path() / m.library;
    claimed.insert(lib.filename().string());
    if (!fs::exists(lib)) return registry.refuse(lib.string(), "library " + m.library + " is missing");
    if (o.disabled.count(m.id)) return registry.disable({m.id, m.version, lib.string()});
    if (std::string why = allow_check(o, m); !why.empty()) return registry.refuse(lib.string(), why);
    std::string actual = file_sha256(lib.string());
    if (!m.sha256.empty() && actual != m.sha256)
        return registry.refuse(lib.string(), "checksum mismatch: manifest says " + m.sha256 + ", file is " + actual +
                                                 " (corrupt or replaced)");
    if (registry.has_id(m.id)) return registry.refuse(lib.string(), "plugin id " + m.id + " is already loaded");
    if (const LoadedPlugin* same = previous ? previous->find(m.id) : nullptr;
        same && same->sha256 == actual && same->file == lib.string())
        return registry.add(*same);
    std::string folder = manifest_path.parent_path().string();
    std::string load_from;
    try {
        load_from = mapped_path(o, lib, actual);
    } catch (const std::exception& e) {
        return registry.refuse(lib.string(), std::string("cannot copy the library: ") + e.what());
    }
    if (std::string why = probe(load_from, folder, m, o.host_version, o.probe_timeout_ms); !why.empty())
        return registry.refuse(lib.string(), why);
    LoadedPlugin p;
    if (std::string why = open_plugin(load_from, folder, m, o.host_version, p); !why.empty())
        return registry.refuse(lib.string(), why);
    p.file = lib.string();
    p.sha256 = actual;
    // Points at the entry, so two loads compare unequal (a null pointer would make all equal).
    p.lifetime =
        std::shared_ptr<void>(const_cast<gw_plugin_entry*>(p.entry), [entry = p.entry](void*) { entry->deinit(); });
    std::string types;
    for (const auto& prov : p.providers)
        for (const auto& t : prov.channel_types) types += (types.empty() ? "" : ",") + std::to_string(t.id);
    log::info("plugin loaded: " + m.id + " " + m.version + " (ABI " + p.abi + ") from " + lib.string() +
              (types.empty() ? "" : ", channel types " + types));
    registry.add(std::move(p));
}

}  // namespace

std::string file_sha256(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
    char buf[65536];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) EVP_DigestUpdate(ctx, buf, static_cast<size_t>(in.gcount()));
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx, md, &n);
    EVP_MD_CTX_free(ctx);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < n; ++i) {
        out += hex[md[i] >> 4];
        out += hex[md[i] & 15];
    }
    return out;
}

void load_plugins(const LoaderOptions& o, Registry& registry, const Registry* previous) {
    std::error_code ec;
    if (!fs::is_directory(o.dir, ec)) {
        log::warn("plugin folder " + o.dir + " does not exist; no providers loaded");
        return;
    }
    std::vector<fs::path> manifests, libraries;
    for (const auto& e : fs::directory_iterator(o.dir, ec)) {
        if (!e.is_regular_file()) continue;
        if (e.path().extension() == ".xml") manifests.push_back(e.path());
        if (e.path().extension() == ".so") libraries.push_back(e.path());
    }
    std::sort(manifests.begin(), manifests.end());
    std::sort(libraries.begin(), libraries.end());
    std::set<std::string> claimed;
    for (const auto& m : manifests) load_one(o, m, registry, previous, claimed);
    for (const auto& lib : libraries)
        if (!claimed.count(lib.filename().string())) registry.refuse(lib.string(), "no manifest names this library");
}

}  // namespace gw::plugin
