// Configuration: file, environment overrides, validation messages, flags.
#include "app/config.hpp"
#include "app/cli.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace gw;

namespace {

std::string write_file(const std::string& name, const std::string& text) {
    auto p = std::filesystem::temp_directory_path() / name;
    std::ofstream(p) << text;
    return p.string();
}

TEST(Config, DefaultsMatchNewApi) {
    Config c;
    finalize_config(c, InstallLayout{"/opt/gw/plugins", "/opt/gw/tokenizer", "", ""});
    EXPECT_EQ(c.port, 3000);
    EXPECT_EQ(c.sync_frequency, 60);
    EXPECT_EQ(c.streaming_timeout, 300);
    EXPECT_EQ(c.max_request_body_mb, 128);
    EXPECT_EQ(c.plugin_dir, "/opt/gw/plugins");
    EXPECT_EQ(c.session_secret.size(), 32u);
    EXPECT_EQ(c.crypto_secret, c.session_secret);
    EXPECT_TRUE(c.is_master());
}

TEST(Config, ReadsTheShippedConfigFile) {
    Config c;
    apply_config_file(c, std::string(SOURCE_DIR) + "/config/new-api.xml");
    EXPECT_EQ(c.port, 3000);
    EXPECT_EQ(c.azure_default_api_version, "2025-04-01-preview");
    EXPECT_TRUE(c.plugins_allow_all);
}

TEST(Config, FileThenEnvironmentOverride) {
    Config c;
    apply_config_file(c, write_file("gw-cfg-1.xml", R"(<new-api><port>4000</port><node_type>slave</node_type>
        <plugins allow-all="false"><allow id="org.x" sha256="abc"/></plugins></new-api>)"));
    EXPECT_EQ(c.port, 4000);
    EXPECT_FALSE(c.is_master());
    ASSERT_EQ(c.plugin_allow.size(), 1u);
    EXPECT_EQ(c.plugin_allow[0].sha256, "abc");
    apply_environment(c, {{"PORT", "5000"},
                          {"SYNC_FREQUENCY", "5"},
                          {"SQLITE_PATH", "/x.db"},
                          {"MEMORY_CACHE_ENABLED", "true"},
                          {"PLUGIN_DIR", "/p"}});
    EXPECT_EQ(c.port, 5000);
    EXPECT_EQ(c.sync_frequency, 5);
    EXPECT_EQ(c.sqlite_path, "/x.db");
    EXPECT_TRUE(c.memory_cache_enabled);
    finalize_config(c, InstallLayout{"/bin/plugins", "/bin/tokenizer", "/web", ""});
    EXPECT_EQ(c.plugin_dir, "/p");
    EXPECT_EQ(c.tokenizer_dir, "/bin/tokenizer");
    EXPECT_EQ(c.web_dir, "/web");
}

// An installed tree: <prefix>/bin/new-api finds its plugins, console, tables and configuration.
TEST(InstallLayout, FindsTheInstalledTreeBesideTheBinary) {
    namespace fs = std::filesystem;
    fs::path prefix = fs::temp_directory_path() / "gw-layout-test";
    fs::remove_all(prefix);
    for (const char* d : {"bin", "lib/new-api/plugins", "share/new-api/tokenizer", "share/new-api/web", "etc/new-api"})
        fs::create_directories(prefix / d);
    InstallLayout bare = find_install_layout(prefix / "bin");
    EXPECT_EQ(bare.web_dir, "");  // no console built into it yet
    EXPECT_EQ(bare.config_file, "");
    write_file("gw-layout-test/share/new-api/web/index.html", "<html></html>");
    write_file("gw-layout-test/etc/new-api/new-api.xml", "<new-api/>");
    InstallLayout l = find_install_layout(prefix / "bin");
    EXPECT_EQ(l.plugin_dir, (prefix / "lib/new-api/plugins").string());
    EXPECT_EQ(l.tokenizer_dir, (prefix / "share/new-api/tokenizer").string());
    EXPECT_EQ(l.web_dir, (prefix / "share/new-api/web").string());
    EXPECT_EQ(l.config_file, (prefix / "etc/new-api/new-api.xml").string());
    fs::create_directories(prefix / "bin/plugins");  // a build tree's folder wins
    EXPECT_EQ(find_install_layout(prefix / "bin").plugin_dir, (prefix / "bin/plugins").string());
    fs::remove_all(prefix);
}

TEST(Config, BadValuesNameTheSetting) {
    Config c;
    try {
        apply_environment(c, {{"PORT", "abc"}});
        FAIL() << "no error";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("PORT"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("abc"), std::string::npos);
    }
    EXPECT_THROW(apply_environment(c, {{"PORT", "70000"}}), ConfigError);
    EXPECT_THROW(apply_environment(c, {{"NODE_TYPE", "boss"}}), ConfigError);
    EXPECT_THROW(apply_environment(c, {{"MEMORY_CACHE_ENABLED", "yes please"}}), ConfigError);
    EXPECT_THROW(apply_config_file(c, write_file("gw-cfg-2.xml", "<new-api><prot>1</prot></new-api>")), ConfigError);
    EXPECT_THROW(apply_config_file(c, write_file("gw-cfg-3.xml", "<new-api><port>")), ConfigError);
    EXPECT_THROW(apply_config_file(c, "/nonexistent/gw.xml"), ConfigError);
    Config placeholder;
    placeholder.session_secret = "random_string";
    EXPECT_THROW(finalize_config(placeholder, InstallLayout{}), ConfigError);
}

TEST(Config, EmptyEnvironmentValuesAreIgnored) {
    Config c;
    apply_environment(c, {{"PORT", ""}});
    EXPECT_EQ(c.port, 3000);
}

TEST(Cli, ParsesFlags) {
    CliOptions o = parse_cli({"--port", "8080", "--config=/etc/gw.xml", "--log-dir", "/var/log/gw"});
    EXPECT_EQ(*o.port, 8080);
    EXPECT_EQ(o.config_path, "/etc/gw.xml");
    EXPECT_EQ(*o.log_dir, "/var/log/gw");
    EXPECT_TRUE(parse_cli({"--version"}).show_version);
    EXPECT_TRUE(parse_cli({"--help"}).show_help);
    EXPECT_THROW(parse_cli({"--port", "x"}), std::invalid_argument);
    EXPECT_THROW(parse_cli({"--port"}), std::invalid_argument);
    EXPECT_THROW(parse_cli({"--bogus"}), std::invalid_argument);
}

}  // namespace
