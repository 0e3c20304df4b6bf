// New API's management envelope: {"success": bool, "message": string, "data": ...}.
#pragma once

#include "http/responder.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace gw::api {

void reply_data(const http::Responder& res, const nlohmann::json& data);
void reply_ok(const http::Responder& res, const std::string& message = "");
// New API answers most failures with HTTP 200 and success:false; auth failures use 401/403.
void reply_error(const http::Responder& res, const std::string& message, int status = 200);

}  // namespace gw::api
