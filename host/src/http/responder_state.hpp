// Pistache-side state behind a Responder; only the HTTP layer includes this.
#pragma once

#include <pistache/http.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace gw::http {

struct ResponderState {
    ResponderState(Pistache::Http::ResponseWriter w, bool keep_alive, std::string id, std::function<void(int)> done)
        : writer(std::move(w)), keep_alive(keep_alive), request_id(std::move(id)), on_done(std::move(done)) {}
    ~ResponderState();
    void answered();  // runs on_done(status) once

    std::mutex mutex;
    Pistache::Http::ResponseWriter writer;
    bool keep_alive;
    std::string request_id;
    std::vector<std::pair<std::string, std::string>> extra_headers;  // on every answer (CORS)
    // Runs once, when the answer is complete (queued for the socket), or at destruction at the
    // latest: the connection's next request may start then, though the handler lives on.
    std::function<void(int status)> on_done;
    int status = 0;  // of the answer's head, once written
    // Runs a task on the connection's reactor: answers from other threads are written there, in
    // order with the connection's other answers (pipelining). Empty: Pistache's queue is used.
    std::function<void(std::function<void()>)> post_to_reactor;
    std::atomic<bool> sent{false};
    std::atomic<bool> answered_{false};
    std::thread::id reactor = std::this_thread::get_id();  // created on the connection's reactor
};

}  // namespace gw::http
