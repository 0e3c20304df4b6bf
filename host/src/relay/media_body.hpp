// Image and audio requests: the body read once (JSON, or multipart/form-data kept as received),
// the fields routing and billing need, and New API's rules for pricing them.
#pragma once

#include "relay/body.hpp"

#include <gw/abi/provider.h>

namespace gw::relay {

class Tokenizer;

// The model a request means when it names none (OpenAI's defaults for each endpoint).
const char* default_media_model(gw_api_kind api);

// Reads the body of an image or audio route; multipart bodies are parsed in place, not copied.
std::variant<RelayBody, RelayError> read_media_body(http::HttpRequest& req, size_t max_bytes, gw_api_kind api);

bool is_media_api(gw_api_kind api);

// What a per-call image price is multiplied by: n, and for DALL·E models the size and quality
// ratios (256 → 0.4, 512 → 0.45, 1792 → 2; "hd" → ×2, ×1.5 at 1792), as New API prices images.
double image_call_ratio(const MediaFields& m, const std::string& model);

// The prompt side of a media request: speech counts the input (characters for tts-*, tokens
// otherwise, as New API does), a transcription ~1 token per KB of audio (≈1000 per minute at
// 128 kbps), an image prompt its tokens.
int64_t media_prompt_tokens(const Tokenizer* t, const RelayBody& b);

}  // namespace gw::relay
