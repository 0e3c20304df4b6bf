#include "common/json_bounded.hpp"

#include <gw/cpp/json_depth.hpp>

namespace gw {

nlohmann::json parse_json(std::string_view text) {
    return parse_json_bounded<nlohmann::json>(text);
}

}  // namespace gw
