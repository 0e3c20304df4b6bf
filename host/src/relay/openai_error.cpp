#include "relay/openai_error.hpp"

#include <nlohmann/json.hpp>

namespace gw::relay {

std::string openai_error_body(const RelayError& e, const std::string& request_id) {
    nlohmann::json err = {{"message", e.message + " (request id: " + request_id + ")"},
                          {"type", e.type},
                          {"param", ""},
                          {"code", e.code.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.code)}};
    return nlohmann::json{{"error", err}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void send_openai_error(const http::Responder& res, const RelayError& e) {
    res.send(e.status, openai_error_body(e, res.request_id()));
}

}  // namespace gw::relay
