// The plugin loader against real shared objects built for each refusal path.
#include "plugin/loader.hpp"
#include "plugin/abi_check.hpp"
#include "plugin/registry.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace gw::plugin;

namespace {

class PluginDir {
public:
    PluginDir() {
        static int n = 0;
        path_ = fs::temp_directory_path() / ("gw-plugins-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~PluginDir() { fs::remove_all(path_); }

    // Copies a fixture library in as <file>.so and writes its manifest.
    void add(const std::string& fixture, const std::string& id, const std::string& sha_override = "") {
        fs::copy_file(fs::path(FIXTURE_DIR) / (fixture + ".so"), path_ / (fixture + ".so"));
        manifest(fixture, id, sha_override.empty() ? file_sha256((path_ / (fixture + ".so")).string()) : sha_override);
    }
    void manifest(const std::string& file, const std::string& id, const std::string& sha) {
        std::ofstream(path_ / (file + ".xml"))
            << "<plugin id=\"" << id << "\" version=\"1.0.0\" kind=\"provider\" abi=\"1.0\">"
            << "<library>" << file << ".so</library><sha256>" << sha << "</sha256></plugin>";
    }
    void write(const std::string& name, const std::string& content) { std::ofstream(path_ / name) << content; }

    Registry load(LoaderOptions o = {}) {
        o.dir = path_.string();
        Registry r;
        load_plugins(o, r);
        return r;
    }
    std::string path(const std::string& f) const { return (path_ / f).string(); }

private:
    fs::path path_;
};

std::string only_refusal(const Registry& r) {
    EXPECT_TRUE(r.loaded().empty());
    EXPECT_EQ(r.refused().size(), 1u);
    return r.refused().empty() ? "" : r.refused()[0].reason;
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST(Loader, LoadsAGoodPluginAndRegistersItsChannelTypes) {
    PluginDir dir;
    dir.add("fixture_good", "org.test.good");
    Registry r = dir.load();
    ASSERT_EQ(r.loaded().size(), 1u) << (r.refused().empty() ? "" : r.refused()[0].reason);
    EXPECT_TRUE(r.refused().empty());
    const LoadedPlugin& p = r.loaded()[0];
    EXPECT_EQ(p.abi, "1." + std::to_string(GW_ABI_MINOR));
    ASSERT_EQ(p.providers.size(), 1u);
    EXPECT_EQ(p.providers[0].channel_types[0].id, 9001);
    EXPECT_EQ(p.providers[0].channel_types[0].default_models, std::vector<std::string>{"echo-1"});
    auto ref = r.provider_for_type(9001);
    ASSERT_TRUE(ref);
    std::string err;
    auto prov = r.create_provider(9001, "{}", err);  // destroyed through its deleter
    ASSERT_TRUE(prov) << err;
    EXPECT_FALSE(r.create_provider(1234, "{}", err));
    EXPECT_TRUE(has(err, "1234"));
}

TEST(Loader, AReloadKeepsUnchangedPluginsAndLoadsChangedOnesFromPrivateCopies) {
    PluginDir dir;
    dir.add("fixture_good", "org.test.good");
    std::string shadow = dir.path("shadow");
    LoaderOptions o;
    o.shadow_dir = shadow;
    Registry first = dir.load(o);
    ASSERT_EQ(first.loaded().size(), 1u);
    const LoadedPlugin& one = first.loaded()[0];
    EXPECT_EQ(one.file, dir.path("fixture_good.so"));
    EXPECT_EQ(one.mapped.rfind(shadow, 0), 0u) << one.mapped;

    o.dir = dir.path("");
    Registry same;
    load_plugins(o, same, &first);
    ASSERT_EQ(same.loaded().size(), 1u);
    EXPECT_EQ(same.loaded()[0].entry, one.entry);  // kept, not loaded again
    EXPECT_EQ(same.loaded()[0].lifetime, one.lifetime);

    fs::copy_file(fs::path(FIXTURE_DIR) / "fixture_good_v2.so", dir.path("fixture_good.so"),
                  fs::copy_options::overwrite_existing);
    dir.manifest("fixture_good", "org.test.good", file_sha256(dir.path("fixture_good.so")));
    Registry updated;
    load_plugins(o, updated, &first);
    ASSERT_EQ(updated.loaded().size(), 1u) << (updated.refused().empty() ? "" : updated.refused()[0].reason);
    EXPECT_NE(updated.loaded()[0].entry, one.entry);  // the new version, beside the old one
    EXPECT_EQ(updated.loaded()[0].providers[0].version, "2.0.0");
    EXPECT_EQ(one.providers[0].version, "1.0.0");
}

TEST(Loader, ADisabledPluginIsListedNotLoaded) {
    PluginDir dir;
    dir.add("fixture_good", "org.test.good");
    LoaderOptions o;
    o.disabled = {"org.test.good"};
    Registry r = dir.load(o);
    EXPECT_TRUE(r.loaded().empty());
    ASSERT_EQ(r.disabled().size(), 1u);
    EXPECT_EQ(r.disabled()[0].id, "org.test.good");
    std::string err;
    EXPECT_FALSE(r.create_provider(9001, "{}", err));
    EXPECT_TRUE(has(err, "org.test.good is disabled")) << err;
}

TEST(Loader, ANewerHostMinorLoadsAnOlderPlugin) {
    PluginDir dir;
    dir.add("fixture_good", "org.test.good");
    LoaderOptions o;
    o.host_version = {GW_ABI_MAJOR, static_cast<uint16_t>(GW_ABI_MINOR + 3), 0};
    Registry r = dir.load(o);
    ASSERT_EQ(r.loaded().size(), 1u);
    EXPECT_EQ(r.loaded()[0].abi, "1." + std::to_string(GW_ABI_MINOR));  // the plugin's minor, not the host's
}

TEST(Loader, RefusesAPluginNeedingANewerHostMinor) {
    PluginDir dir;
    dir.add("fixture_newer_minor", "org.test.newer");
    std::string why = only_refusal(dir.load());
    EXPECT_TRUE(has(why, "needs host ABI 1." + std::to_string(GW_ABI_MINOR + 1) + " or newer")) << why;
}

TEST(Loader, RefusesAnotherMajor) {
    PluginDir dir;
    dir.add("fixture_wrong_major", "org.test.raw");
    std::string why = only_refusal(dir.load());
    EXPECT_TRUE(has(why, "ABI major 2")) << why;
}

TEST(Loader, RefusesALibraryWithoutTheEntrySymbol) {
    PluginDir dir;
    dir.add("fixture_no_entry", "org.test.raw");
    EXPECT_TRUE(has(only_refusal(dir.load()), "no entry symbol"));
}

TEST(Loader, RefusesAGarbageFile) {
    PluginDir dir;
    dir.write("garbage.so", "this is not an ELF file at all");
    dir.manifest("garbage", "org.test.garbage", file_sha256(dir.path("garbage.so")));
    std::string why = only_refusal(dir.load());
    EXPECT_TRUE(has(why, "cannot load library")) << why;
}

TEST(Loader, RefusesACorruptedLibraryByChecksum) {
    PluginDir dir;
    dir.add("fixture_good", "org.test.good", std::string(64, '0'));
    EXPECT_TRUE(has(only_refusal(dir.load()), "checksum mismatch"));
}

TEST(Loader, SurvivesACrashInInit) {
    PluginDir dir;
    dir.add("fixture_crash_init", "org.test.raw");
    std::string why = only_refusal(dir.load());
    EXPECT_TRUE(has(why, "crashed while loading (signal 11")) << why;
}

TEST(Loader, SurvivesAnExceptionEscapingInit) {
    PluginDir dir;
    dir.add("fixture_throwing_init", "org.test.throwing");
    std::string why = only_refusal(dir.load());
    EXPECT_TRUE(has(why, "an exception escaped the plugin: boom")) << why;
}

TEST(Loader, ReportsAnInitFailureWithThePluginsMessage) {
    PluginDir dir;
    dir.add("fixture_init_fails", "org.test.initfails");
    std::string why = only_refusal(dir.load());
    EXPECT_TRUE(has(why, "init failed: credentials file not found")) << why;
}

TEST(Loader, RefusesMissingLibraryMissingManifestAndBadManifest) {
    PluginDir dir;
    dir.manifest("ghost", "org.test.ghost", "");
    dir.write("orphan.so", "x");
    dir.write("broken.xml", "<plugin");
    Registry r = dir.load();
    EXPECT_TRUE(r.loaded().empty());
    ASSERT_EQ(r.refused().size(), 3u);
    std::string all;
    for (const auto& f : r.refused()) all += f.file + ": " + f.reason + "\n";
    EXPECT_TRUE(has(all, "ghost.so: library ghost.so is missing")) << all;
    EXPECT_TRUE(has(all, "orphan.so: no manifest names this library")) << all;
    EXPECT_TRUE(has(all, "broken.xml: unreadable manifest")) << all;
}

TEST(Loader, HonoursTheAllowList) {
    PluginDir dir;
    dir.add("fixture_good", "org.test.good");
    LoaderOptions o;
    o.allow_all = false;
    EXPECT_TRUE(has(only_refusal(dir.load(o)), "not on the plugin allow-list"));
    o.allow = {{"org.test.good", "deadbeef"}};
    EXPECT_TRUE(has(only_refusal(dir.load(o)), "is not the one allowed"));
    o.allow = {{"org.test.good", file_sha256(dir.path("fixture_good.so"))}};
    EXPECT_EQ(dir.load(o).loaded().size(), 1u);
}

TEST(Loader, RefusesASecondPluginWithTheSameId) {
    PluginDir dir;
    dir.add("fixture_good", "org.test.good");
    fs::copy_file(dir.path("fixture_good.so"), dir.path("copy.so"));
    dir.manifest("copy", "org.test.good", file_sha256(dir.path("copy.so")));
    Registry r = dir.load();
    EXPECT_EQ(r.loaded().size(), 1u);
    ASSERT_EQ(r.refused().size(), 1u);
    EXPECT_TRUE(has(r.refused()[0].reason, "already loaded"));
}

TEST(Loader, AMissingFolderLoadsNothing) {
    Registry r;
    LoaderOptions o;
    o.dir = "/nonexistent/plugins";
    load_plugins(o, r);
    EXPECT_TRUE(r.loaded().empty());
    EXPECT_TRUE(r.refused().empty());
}

TEST(AbiCheck, RejectsNullAndTooSmallEntries) {
    gw_abi_version host{GW_ABI_MAJOR, GW_ABI_MINOR, 0};
    EXPECT_FALSE(check_entry(nullptr, host).ok);
    gw_plugin_entry tiny{};
    tiny.struct_size = 8;
    EXPECT_TRUE(has(check_entry(&tiny, host).reason, "too small"));
}

}  // namespace
