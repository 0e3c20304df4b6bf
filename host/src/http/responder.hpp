// The answering side of one request. Copyable and safe to use from any thread: Pistache's
// ResponseWriter::send only queues onto the reactor. If every copy is dropped without an answer,
// a 500 JSON error is sent so no request is left hanging.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace gw::http {

struct ResponderState;

using HeaderList = std::vector<std::pair<std::string, std::string>>;

class Responder {
public:
    explicit Responder(std::shared_ptr<ResponderState> state) : state_(std::move(state)) {}

    void send(int status, std::string body, const std::string& content_type = "application/json",
              const HeaderList& headers = {}) const;
    bool sent() const;
    // Whether the client's connection is still open.
    bool connected() const;
    const std::string& request_id() const;
    const std::shared_ptr<ResponderState>& state() const { return state_; }

private:
    std::shared_ptr<ResponderState> state_;
};

}  // namespace gw::http
