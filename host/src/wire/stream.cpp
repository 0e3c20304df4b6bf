#include "wire/stream.hpp"

namespace gw::wire {

json HubStreamHead::chunk(json delta, const json& finish_reason) const {
    json choice = {{"index", 0}, {"delta", std::move(delta)}, {"finish_reason", finish_reason}};
    return {{"id", id},
            {"object", "chat.completion.chunk"},
            {"created", created},
            {"model", model},
            {"choices", json::array({std::move(choice)})}};
}

json HubStreamHead::usage_chunk(const json& usage) const {
    return {{"id", id},       {"object", "chat.completion.chunk"}, {"created", created},
            {"model", model}, {"choices", json::array()},          {"usage", usage}};
}

}  // namespace gw::wire
