#include "oauth/provider.hpp"

#include <cstdlib>

namespace gw::oauth {
namespace {

std::string env_or(const char* name, const char* fallback) {
    const char* v = std::getenv(name);
    return v && *v ? v : fallback;
}

Provider named(const char* slug, const char* name, const char* prefix, const char* column) {
    Provider p;
    p.slug = slug;
    p.name = name;
    p.prefix = prefix;
    p.user_column = column;
    return p;
}

Provider github(const Options& o) {
    Provider p = named("github", "GitHub", "github_", "github_id");
    p.enabled = o.flag("GitHubOAuthEnabled");
    p.client_id = o.str("GitHubClientId");
    p.client_secret = o.str("GitHubClientSecret");
    p.authorize_url = env_or("GITHUB_AUTHORIZE_ENDPOINT", "https://github.com/login/oauth/authorize");
    p.token_url = env_or("GITHUB_TOKEN_ENDPOINT", "https://github.com/login/oauth/access_token");
    p.userinfo_url = env_or("GITHUB_USER_ENDPOINT", "https://api.github.com/user");
    p.scope = "user:email";
    p.auth = ClientAuth::json_body;
    p.send_redirect_uri = false;
    return p;
}

Provider discord(const Options& o) {
    Provider p = named("discord", "Discord", "discord_", "discord_id");
    p.enabled = o.flag("discord.enabled");
    p.client_id = o.str("discord.client_id");
    p.client_secret = o.str("discord.client_secret");
    p.authorize_url = env_or("DISCORD_AUTHORIZE_ENDPOINT", "https://discord.com/oauth2/authorize");
    p.token_url = env_or("DISCORD_TOKEN_ENDPOINT", "https://discord.com/api/v10/oauth2/token");
    p.userinfo_url = env_or("DISCORD_USER_ENDPOINT", "https://discord.com/api/v10/users/@me");
    p.scope = "identify";
    return p;
}

Provider linuxdo(const Options& o) {
    Provider p = named("linuxdo", "Linux DO", "linuxdo_", "linux_do_id");
    p.enabled = o.flag("LinuxDOOAuthEnabled");
    p.client_id = o.str("LinuxDOClientId");
    p.client_secret = o.str("LinuxDOClientSecret");
    p.authorize_url = env_or("LINUX_DO_AUTHORIZE_ENDPOINT", "https://connect.linux.do/oauth2/authorize");
    p.token_url = env_or("LINUX_DO_TOKEN_ENDPOINT", "https://connect.linux.do/oauth2/token");
    p.userinfo_url = env_or("LINUX_DO_USER_ENDPOINT", "https://connect.linux.do/api/user");
    p.auth = ClientAuth::basic;
    p.min_trust_level = static_cast<int>(o.number("LinuxDOMinimumTrustLevel"));
    return p;
}

Provider oidc(const Options& o) {
    Provider p = named("oidc", "OIDC", "oidc_", "oidc_id");
    p.enabled = o.flag("oidc.enabled");
    p.client_id = o.str("oidc.client_id");
    p.client_secret = o.str("oidc.client_secret");
    p.authorize_url = o.str("oidc.authorization_endpoint");
    p.token_url = o.str("oidc.token_endpoint");
    p.userinfo_url = o.str("oidc.user_info_endpoint");
    p.discovery_url = o.str("oidc.well_known");
    p.scope = "openid profile email";
    p.nonce = true;
    return p;
}

}  // namespace

Provider custom_provider(const store::CustomOAuthProvider& row) {
    Provider p = named(row.slug.c_str(), row.name.c_str(), (row.slug + "_").c_str(), "");
    p.enabled = row.enabled;
    p.client_id = row.client_id;
    p.client_secret = row.client_secret;
    p.authorize_url = row.authorization_endpoint;
    p.token_url = row.token_endpoint;
    p.userinfo_url = row.user_info_endpoint;
    p.discovery_url = row.well_known;
    p.scope = row.scopes;
    p.auth = row.auth_style == 2 ? ClientAuth::basic : ClientAuth::form_body;
    p.custom_id = row.id;
    p.id_field = row.user_id_field;
    p.username_field = row.username_field;
    p.display_name_field = row.display_name_field;
    p.email_field = row.email_field;
    p.access_policy = row.access_policy;
    p.denied_message = row.access_denied_message;
    return p;
}

std::optional<Provider> builtin_provider(const std::string& slug, const Options& options) {
    if (slug == "github") return github(options);
    if (slug == "discord") return discord(options);
    if (slug == "linuxdo") return linuxdo(options);
    if (slug == "oidc") return oidc(options);
    return std::nullopt;
}

}  // namespace gw::oauth
