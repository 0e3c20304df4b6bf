// Error answers in the client's wire format. OpenAI's is {"error":{"message","type","param","code"}};
// New API appends the request id to the message.
#pragma once

#include "http/responder.hpp"
#include "wire/dialect.hpp"

#include <string>

namespace gw::relay {

struct RelayError {
    int status = 500;
    std::string message;
    std::string type = "new_api_error";
    std::string code;
};

std::string openai_error_body(const RelayError& e, const std::string& request_id);
void send_openai_error(const http::Responder& res, const RelayError& e);
// The error in the client's dialect: Claude {"type":"error",...}, Gemini {"error":{code,message,status}}.
std::string error_body(wire::Dialect d, const RelayError& e, const std::string& request_id);
void send_error(const http::Responder& res, wire::Dialect d, const RelayError& e);

}  // namespace gw::relay
