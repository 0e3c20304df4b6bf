#include "upstream/collect.hpp"

#include <future>
#include <memory>

namespace gw::upstream {

Collected collect(HttpClient& http, Request request, size_t max_body) {
    auto answer = std::make_shared<Collected>();
    auto done = std::make_shared<std::promise<void>>();
    auto finished = done->get_future();
    Callbacks cb;
    cb.on_head = [answer](int status, const Headers& h) {
        answer->status = status;
        answer->headers = h;
    };
    cb.on_data = [answer, max_body](std::string_view chunk) {
        if (answer->body.size() + chunk.size() > max_body) return false;
        answer->body.append(chunk);
        return true;
    };
    cb.on_done = [answer, done](const Result& r) {
        answer->result = r;
        done->set_value();
    };
    cb.still_wanted = [] { return true; };
    cb.backlogged = [] { return false; };
    http.start(std::move(request), std::move(cb));
    finished.wait();
    return std::move(*answer);
}

}  // namespace gw::upstream
