// Token counting: Claude's POST /v1/messages/count_tokens and Gemini's models/{model}:countTokens,
// answered by the upstream when a native channel serves the model, else from the local
// tokenizer (the prompt as the relay would estimate it), on a worker thread.
#pragma once

#include "http/request.hpp"
#include "http/responder.hpp"
#include "relay/relay_session.hpp"

#include <string>

namespace gw::relay {

void count_claude_tokens(RelayServices& s, const http::HttpRequest& req, const http::Responder& res);
void count_gemini_tokens(RelayServices& s, const std::string& model, const http::HttpRequest& req,
                         const http::Responder& res);

}  // namespace gw::relay
