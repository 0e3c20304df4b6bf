// /v1/responses/compact (Codex compacts a long session through it). As in New API the request is
// routed and priced as "<model>-openai-compact" (so operators can price and route compaction
// apart), falling back to the model's own channels and price when none is set up; the upstream
// gets the model without the suffix at <base>/v1/responses/compact.
#pragma once

#include <string>
#include <string_view>

namespace gw::store {
struct ChannelIndex;
}

namespace gw::relay {

inline constexpr std::string_view kCompactSuffix = "-openai-compact";

bool is_compaction_path(std::string_view path);

// The name a compaction request is routed by: the suffixed name when a channel of the group
// serves it, else the model itself.
std::string compaction_model(const store::ChannelIndex& index, const std::string& group, const std::string& model);

// The upstream's model name: without the compaction suffix.
std::string without_compact_suffix(std::string model);

}  // namespace gw::relay
