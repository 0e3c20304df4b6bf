#include "api/reply.hpp"

#include <nlohmann/json.hpp>

namespace gw::api {

void reply_data(const http::Responder& res, const nlohmann::json& data) {
    nlohmann::json body = {{"success", true}, {"message", ""}, {"data", data}};
    res.send(200, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void reply_ok(const http::Responder& res, const std::string& message) {
    nlohmann::json body = {{"success", true}, {"message", message}};
    res.send(200, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void reply_error(const http::Responder& res, const std::string& message, int status) {
    nlohmann::json body = {{"success", false}, {"message", message}};
    res.send(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace gw::api
