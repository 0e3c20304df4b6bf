// Local token estimates, for when an upstream reports no usage: the prompt from the request body
// (OpenAI's per-message accounting), the completion from what was sent to the client.
#pragma once

#include "relay/tokenizer.hpp"

#include <gw/abi/provider.h>

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace gw::relay {

int64_t estimate_prompt_tokens(const Tokenizer& t, const std::string& model, gw_api_kind api,
                               const nlohmann::json& body);
// emitted: the response body (non-stream) or every stream chunk, in OpenAI's chat/completions shape.
int64_t estimate_completion_tokens(const Tokenizer& t, const std::string& model,
                                   const std::vector<std::string>& emitted);

}  // namespace gw::relay
