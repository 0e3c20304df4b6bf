#include "relay/openai_error.hpp"

#include "wire/convert.hpp"

namespace gw::relay {

std::string error_body(wire::Dialect d, const RelayError& e, const std::string& request_id) {
    return wire::error_body(d, e.status, e.message + " (request id: " + request_id + ")", e.type, e.code);
}

std::string openai_error_body(const RelayError& e, const std::string& request_id) {
    return error_body(wire::Dialect::chat, e, request_id);
}

void send_openai_error(const http::Responder& res, const RelayError& e) {
    res.send(e.status, openai_error_body(e, res.request_id()));
}

void send_error(const http::Responder& res, wire::Dialect d, const RelayError& e) {
    res.send(e.status, error_body(d, e, res.request_id()));
}

}  // namespace gw::relay
