#include "wire/dialect.hpp"

namespace gw::wire {

const char* dialect_name(Dialect d) {
    switch (d) {
        case Dialect::chat:
            return "openai";
        case Dialect::responses:
            return "responses";
        case Dialect::claude:
            return "claude";
        case Dialect::gemini:
            return "gemini";
    }
    return "?";
}

gw_wire abi_wire(Dialect d) {
    switch (d) {
        case Dialect::claude:
            return GW_WIRE_CLAUDE;
        case Dialect::gemini:
            return GW_WIRE_GEMINI;
        default:
            return GW_WIRE_OPENAI;
    }
}

gw_api_kind abi_api(Dialect d) {
    return d == Dialect::responses ? GW_API_RESPONSES : GW_API_CHAT;
}

}  // namespace gw::wire
