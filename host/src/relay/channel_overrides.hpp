// A channel's request edits, New API's way: the upstream model name, the system prompt (inserted,
// or prepended to the client's with system_prompt_override), the legacy param override (top-level
// keys set into the body), header overrides ({api_key} and {client_header:Name} placeholders),
// and status-code mapping for the errors returned. pass_through_body_enabled forwards the client's
// body untouched.
#pragma once

#include "wire/dialect.hpp"

#include "upstream/http_client.hpp"

#include <memory>
#include <string>
#include <vector>

namespace gw::store {
struct Channel;
}

namespace gw::relay {

struct RelayBody;

// The body to send upstream in the upstream's dialect: the client's bytes when nothing changes
// (no re-encoding), else converted through the hub. Throws wire::ConversionError.
std::shared_ptr<const std::string> upstream_body(const store::Channel& c, const RelayBody& body,
                                                 const std::string& upstream_model, wire::Dialect upstream);

// The channel's thinking_to_content setting: reasoning re-emitted as <think> content.
bool thinking_to_content(const store::Channel& c);

// The channel's proxy from its setting JSON ({"proxy": "socks5://..."}), empty for none: every
// upstream call of the channel goes through it.
std::string channel_proxy(const store::Channel& c);

// Applies the channel's header_override to a built upstream request.
void override_headers(const store::Channel& c, const std::string& api_key,
                      const std::vector<std::pair<std::string, std::string>>& client_headers,
                      upstream::Headers& headers);

// The status the client sees for an upstream error status (status_code_mapping).
int mapped_status(const store::Channel& c, int status);

// The channel's concurrency cap (setting max_concurrency); 0 = none.
int max_concurrency(const store::Channel& c);

}  // namespace gw::relay
