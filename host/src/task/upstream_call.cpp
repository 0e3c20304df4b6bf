#include "task/upstream_call.hpp"

#include <future>
#include <memory>

namespace gw::task {

Answer call_upstream(upstream::HttpClient& http, upstream::Request request, size_t max_body) {
    auto answer = std::make_shared<Answer>();
    auto done = std::make_shared<std::promise<void>>();
    auto finished = done->get_future();
    upstream::Callbacks cb;
    cb.on_head = [answer](int status, const upstream::Headers& h) {
        answer->status = status;
        answer->headers = h;
    };
    cb.on_data = [answer, max_body](std::string_view chunk) {
        if (answer->body.size() + chunk.size() > max_body) return false;
        answer->body.append(chunk);
        return true;
    };
    cb.on_done = [answer, done](const upstream::Result& r) {
        answer->result = r;
        done->set_value();
    };
    cb.still_wanted = [] { return true; };
    cb.backlogged = [] { return false; };
    http.start(std::move(request), std::move(cb));
    finished.wait();
    return std::move(*answer);
}

}  // namespace gw::task
