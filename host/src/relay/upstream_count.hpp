// Token counting by the upstream, when the channel serving the model speaks the client's format
// natively (Anthropic's /v1/messages/count_tokens, Gemini's :countTokens): the upstream's own
// answer, counted as the model will be billed. Blocking: call it from a worker thread.
#pragma once

#include "http/request.hpp"
#include "relay/relay_session.hpp"
#include "wire/dialect.hpp"

#include <optional>
#include <string>

namespace gw::relay {

// The upstream's 2xx answer; nullopt when no native channel serves the model or the upstream
// could not answer (the caller counts locally then).
std::optional<std::string> count_upstream(RelayServices& s, const http::HttpRequest& req, wire::Dialect dialect,
                                          const std::string& model, const std::string& body);

}  // namespace gw::relay
