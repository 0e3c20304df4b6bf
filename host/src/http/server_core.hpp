// What every reactor thread's handler shares: routing, the worker pool, the in-flight count and
// draining. A complete request comes in; an answer (inline or from a worker) goes out.
#pragma once

#include "common/thread_pool.hpp"
#include "http/router.hpp"
#include "http/server_options.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace Pistache::Http {
class ResponseWriter;
}

namespace gw::http {

std::string new_request_id();

struct Core {
    ServerOptions options;
    Router& router;
    ThreadPool& workers;
    std::shared_ptr<std::atomic<int64_t>> in_flight;
    std::atomic<bool> draining{false};

    // Answers `request`; `done` runs once the answer is complete. False when the connection
    // must close after it (the client asked, or the server is draining). `post` runs a task on
    // the connection's reactor thread; `route` is the match judge_head made, if it ran.
    bool on_request(HttpRequest request, bool http11, Pistache::Http::ResponseWriter rw, std::function<void()> done,
                    std::function<void(std::function<void()>)> post, std::optional<Router::Match> route);
    // Judges a head before its body is read: 404/405 for a request no route takes, or the
    // route's own HeadGuard answer (under head.request_id); nullopt lets the body be read, and
    // `route` keeps the match for dispatch.
    std::optional<EarlyAnswer> judge_head(HttpRequest& head, std::optional<Router::Match>& route) const;
    // A refusal that closes the connection (malformed, too large, unknown route with a body).
    static void refuse(Pistache::Http::ResponseWriter rw, int status, const std::string& body,
                       std::string request_id = new_request_id());

private:
    void dispatch(const std::shared_ptr<HttpRequest>& request, const Responder& responder,
                  const std::optional<Router::Match>& route);
};

// The error body of a refused request, in the shape OpenAI clients read.
std::string refusal_body(const std::string& message, const std::string& code);

}  // namespace gw::http
