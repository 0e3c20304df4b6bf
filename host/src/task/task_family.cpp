#include "task/task_family.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>

namespace gw::task {

const char* capability(Family f) {
    switch (f) {
        case Family::mj:
            return "task.mj";
        case Family::suno:
            return "task.suno";
        case Family::video:
            return "task.video";
    }
    return "";
}

void send_task_error(const http::Responder& res, Family f, int status, const std::string& code,
                     const std::string& message) {
    nlohmann::json body;
    if (f == Family::mj) {
        char* end = nullptr;
        long numeric = std::strtol(code.c_str(), &end, 10);
        bool is_number = !code.empty() && end && *end == '\0';
        // New API writes "<description> <result>"; its errors carry no result.
        body = {{"description", message + " "}, {"type", "upstream_error"}, {"code", is_number ? numeric : 4}};
    } else {
        body = {{"code", code}, {"message", message}, {"data", nullptr}};
    }
    res.send(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace gw::task
