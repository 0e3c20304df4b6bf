// Addresses users choose (their webhook, Bark and Gotify URLs) must not reach into the server's
// own network: with New API's fetch_setting.enable_ssrf_protection (default on) every address the
// host resolves to must be public unless fetch_setting.allow_private_ip. Resolves with the system
// resolver and blocks; call it off the reactor.
#pragma once

#include <string>

namespace gw::upstream {

// "" when `url` may be fetched, else why not.
std::string ssrf_refusal(const std::string& url, bool allow_private);

}  // namespace gw::upstream
