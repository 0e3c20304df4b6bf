// Upstream error texts can echo the credentials they were sent (a key in a message, a URL with
// ?key=, an Authorization header). Before such text reaches a client, a log or a channel's
// disable reason, the channel's keys and anything shaped like a bearer secret are masked.
#pragma once

#include <string>
#include <string_view>

namespace gw::relay {

// `keys`: the channel's key field (one or more keys, a line each; parts joined by '|').
std::string mask_secrets(std::string text, std::string_view keys);

}  // namespace gw::relay
